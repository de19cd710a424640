using System.CommandLine;
using System.Text;
using System.Text.Json;
using OrleansLicense.Cli.Output;
using OrleansLicense.Cli.Parsing;
using OrleansLicense.Cli.Vendor;
using OrleansLicense.Licensing.Documents;
using OrleansLicense.Licensing.Keys;
using OrleansLicense.Licensing.Signing;

namespace OrleansLicense.Cli.Commands;

/// <summary><c>olic vendor keygen|issue</c>: the vendor's side, which never talks to a server (R-LIC-2).</summary>
internal static class VendorCommands
{
    public static Command Create(CliEnvironment environment, GlobalOptions globals)
    {
        var vendor = new Command("vendor", "Vendor tools: create a signing key pair and issue signed licenses (no server needed).");
        vendor.Subcommands.Add(CreateKeygen(environment, globals));
        vendor.Subcommands.Add(CreateIssue(environment, globals));
        return vendor;
    }

    private static Command CreateKeygen(CliEnvironment environment, GlobalOptions globals)
    {
        var outOption = new Option<string>("--out") { Description = "Folder to write vendor.key.pem and vendor.pub.pem into.", HelpName = "DIR", Required = true };
        var forceOption = new Option<bool>("--force") { Description = "Replace an existing key pair (licenses signed with the old key stop verifying against the new one)." };
        var command = new Command("keygen", "Create a vendor signing key pair (ECDSA P-256).") { outOption, forceOption };
        CommandAction.Set(command, environment, globals, (context, ct) =>
            KeygenAsync(context, context.ParseResult.GetRequiredValue(outOption), context.ParseResult.GetValue(forceOption), ct));
        return command;
    }

    private static async Task KeygenAsync(CliContext context, string outFolder, bool force, CancellationToken ct)
    {
        var folder = Path.GetFullPath(outFolder);
        var privatePath = Path.Combine(folder, KeyFiles.PrivateKeyFileName);
        var publicPath = Path.Combine(folder, KeyFiles.PublicKeyFileName);
        if (!force && (File.Exists(privatePath) || File.Exists(publicPath)))
        {
            var existing = File.Exists(privatePath) ? privatePath : publicPath;
            throw CliException.Usage($"'{existing}' already exists; pass --force to replace the key pair (licenses signed with the old key will not verify against the new one).");
        }

        var keyPair = VendorKeyPair.Generate();
        try
        {
            Directory.CreateDirectory(folder);
            await KeyFiles.WriteSecretAsync(privatePath, keyPair.ExportPrivateKeyPem(), overwrite: force, ct).ConfigureAwait(false);
            await File.WriteAllTextAsync(publicPath, keyPair.ExportPublicKeyPem(), ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliException(CliErrorCodes.IoError, $"cannot write the key pair into '{folder}': {ex.Message}", ExitCodes.Failure, ex);
        }

        if (context.Json)
        {
            WriteJson(context.Out, writer =>
            {
                writer.WriteString("keyId", keyPair.KeyId);
                writer.WriteString("privateKey", privatePath);
                writer.WriteString("publicKey", publicPath);
            });
            return;
        }

        context.Out.WriteLine($"Key id: {keyPair.KeyId}");
        context.Out.WriteLine($"Private key: {privatePath} (keep it secret; 'olic vendor issue --key' signs with it)");
        context.Out.WriteLine($"Public key:  {publicPath} (copy it into each server's trusted keys folder)");
    }

    private static Command CreateIssue(CliEnvironment environment, GlobalOptions globals)
    {
        var key = new Option<string>("--key") { Description = "The vendor private key (vendor.key.pem).", HelpName = "PRIVATE.pem", Required = true };
        var product = new Option<string>("--product") { Description = "The product the license is for.", HelpName = "P", Required = true };
        var feature = new Option<string[]>("--feature") { Description = "A licensed feature and its seats; repeat for more.", HelpName = "name=seats", Required = true, Arity = ArgumentArity.OneOrMore };
        var id = new Option<string?>("--id") { Description = "The serial number (default: a new random OL-XXXX-XXXX-XXXX).", HelpName = "SN" };
        var edition = new Option<string>("--edition") { Description = "The edition.", DefaultValueFactory = _ => "standard" };
        edition.AcceptOnlyFromAmong("standard", "enterprise");
        var expires = new Option<string?>("--expires") { Description = "Expiry: a date (end of that day, UTC) or an ISO 8601 date-time (default: never).", HelpName = "DATE" };
        var borrowable = new Option<bool>("--borrowable") { Description = "Seats may be borrowed for offline use." };
        var distributable = new Option<bool>("--distributable") { Description = "Seats may be distributed permanently (implies --borrowable)." };
        var localOnly = new Option<bool>("--local-only") { Description = "Serve only clients on the server's own machine." };
        var usageStats = new Option<bool>("--usage-stats") { Description = "Keep usage statistics." };
        var forcedAuthHours = new Option<string?>("--forced-auth-hours") { Description = "With --usage-stats: clients must upload usage every N hours.", HelpName = "N" };
        var agentable = new Option<bool>("--agentable") { Description = "A second-level grid may act as an agent for seats of this license (addAgent)." };
        var peakUpload = new Option<bool>("--peak-upload") { Description = "Peak usage may be exported to the vendor." };
        var bindServer = new Option<string?>("--bind-server") { Description = "Bind to one standalone server id.", HelpName = "ID" };
        var bindCluster = new Option<string?>("--bind-cluster") { Description = "Bind to one cluster id.", HelpName = "ID" };
        var bind = new Option<string?>("--bind") { Description = "Bind to server:ID, cluster:ID or triad:ID (a triad's id survives replacing its nodes).", HelpName = "KIND:ID" };
        var outFile = new Option<string>("--out") { Description = "The license file to write.", HelpName = "FILE", Required = true };

        var command = new Command("issue", "Issue a signed license file for 'olic license import'.")
        {
            key, product, feature, id, edition, expires, borrowable, distributable, localOnly, usageStats,
            forcedAuthHours, peakUpload, agentable, bindServer, bindCluster, bind, outFile,
        };

        CommandAction.Set(command, environment, globals, (context, ct) =>
        {
            var result = context.ParseResult;
            var request = new IssueRequest(
                KeyPath: result.GetRequiredValue(key),
                Product: result.GetRequiredValue(product),
                Features: result.GetRequiredValue(feature),
                Id: result.GetValue(id),
                Edition: result.GetRequiredValue(edition),
                Expires: result.GetValue(expires),
                Borrowable: result.GetValue(borrowable),
                Distributable: result.GetValue(distributable),
                LocalOnly: result.GetValue(localOnly),
                UsageStatistics: result.GetValue(usageStats),
                ForcedAuthenticationHours: result.GetValue(forcedAuthHours),
                PeakUpload: result.GetValue(peakUpload),
                BindServer: result.GetValue(bindServer),
                BindCluster: result.GetValue(bindCluster),
                OutPath: result.GetRequiredValue(outFile),
                Agentable: result.GetValue(agentable),
                Bind: result.GetValue(bind));
            return IssueAsync(context, request, ct);
        });
        return command;
    }

    private static async Task IssueAsync(CliContext context, IssueRequest request, CancellationToken ct)
    {
        // Everything is checked before the key is read, so a typo never depends on having the key at hand.
        var now = TruncateToSeconds(context.Time.GetUtcNow());
        var document = BuildDocument(request, now);
        var keyPair = ReadKey(request.KeyPath);

        string fileText;
        try
        {
            fileText = LicenseIssuer.Issue(document, keyPair);
        }
        catch (ArgumentException ex)
        {
            // The library's validator is the last word on field values; its sentence lists every problem.
            throw CliException.Usage(ex.Message, ex);
        }

        var outPath = Path.GetFullPath(request.OutPath);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(outPath)!);
            await File.WriteAllTextAsync(outPath, fileText, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliException(CliErrorCodes.IoError, $"cannot write '{outPath}': {ex.Message}", ExitCodes.Failure, ex);
        }

        if (context.Json)
        {
            WriteJson(context.Out, writer =>
            {
                writer.WriteString("id", document.Id);
                writer.WriteString("product", document.Product);
                writer.WriteString("keyId", keyPair.KeyId);
                writer.WriteString("file", outPath);
            });
            return;
        }

        var features = string.Join(", ", document.Features.Select(f => $"{f.Name}={f.Seats}"));
        context.Out.WriteLine($"Issued license {document.Id} for {document.Product} ({document.Edition.ToString().ToLowerInvariant()}; {features}), signed by key {keyPair.KeyId}.");
        context.Out.WriteLine($"Expires: {(document.Expires is { } e ? Display.Time(e) : "never")}");
        context.Out.WriteLine($"Wrote {outPath}");
    }

    private static LicenseDocument BuildDocument(IssueRequest request, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(request.Product))
        {
            throw CliException.Usage("--product must not be empty.");
        }

        var features = ValueParsers.Features(request.Features);
        DateTimeOffset? expires = null;
        if (request.Expires is { } expiresText)
        {
            var parsed = ValueParsers.Expiry(expiresText);
            if (parsed <= now)
            {
                throw CliException.Usage($"--expires {expiresText} is not in the future (now is {Display.Time(now)}).");
            }

            expires = parsed;
        }

        int? forcedHours = null;
        if (request.ForcedAuthenticationHours is { } hoursText)
        {
            if (!request.UsageStatistics)
            {
                throw CliException.Usage("--forced-auth-hours needs --usage-stats: forced authentication uploads usage statistics.");
            }

            forcedHours = ValueParsers.PositiveInt(hoursText, "--forced-auth-hours");
        }

        var binding = (request.BindServer, request.BindCluster) switch
        {
            _ when request.Bind is not null => request.BindServer is null && request.BindCluster is null
                ? Triad.BindingArgument.Parse(request.Bind)
                : throw CliException.Usage("give --bind or --bind-server/--bind-cluster, not both: a license is bound to one thing."),
            (not null, not null) => throw CliException.Usage("give --bind-server or --bind-cluster, not both: a license is bound to one server or to one cluster."),
            (string server, null) => string.IsNullOrWhiteSpace(server) ? throw CliException.Usage("--bind-server needs a server id.") : LicenseBinding.ToServer(server.Trim()),
            (null, string cluster) => string.IsNullOrWhiteSpace(cluster) ? throw CliException.Usage("--bind-cluster needs a cluster id.") : LicenseBinding.ToCluster(cluster.Trim()),
            _ => LicenseBinding.None,
        };

        var edition = request.Edition == "enterprise" ? LicenseEdition.Enterprise : LicenseEdition.Standard;
        var flags = new LicenseFlags(
            Borrowable: request.Borrowable || request.Distributable,
            Distributable: request.Distributable,
            UsageStatistics: request.UsageStatistics,
            PeakUpload: request.PeakUpload,
            LocalOnly: request.LocalOnly,
            ForcedAuthenticationHours: forcedHours,
            Agentable: request.Agentable);
        var id = string.IsNullOrWhiteSpace(request.Id) ? LicenseIdGenerator.NewId() : request.Id.Trim();
        return new LicenseDocument(id, request.Product.Trim(), edition, now, expires, flags, features, binding);
    }

    private static VendorKeyPair ReadKey(string keyPath)
    {
        var path = Path.GetFullPath(keyPath);
        if (!File.Exists(path))
        {
            throw CliException.Usage($"the key file '{path}' does not exist; create one with 'olic vendor keygen --out DIR'.");
        }

        try
        {
            return VendorKeyPair.FromPrivateKeyPem(File.ReadAllText(path));
        }
        catch (FormatException ex)
        {
            throw CliException.Usage($"'{path}' is not a vendor private key: {ex.Message}", ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw CliException.Usage($"cannot read the key file '{path}': {ex.Message}", ex);
        }
    }

    /// <summary>Whole seconds keep the issued-at readable in the file; nothing needs sub-second precision.</summary>
    private static DateTimeOffset TruncateToSeconds(DateTimeOffset time) =>
        new(time.UtcTicks - (time.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);

    private static void WriteJson(TextWriter output, Action<Utf8JsonWriter> writeMembers)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writeMembers(writer);
            writer.WriteEndObject();
        }

        output.WriteLine(Encoding.UTF8.GetString(buffer.ToArray()));
    }
}
