using System.CommandLine;
using System.Text.Json;
using OrleansLicense.Cli.Output;
using OrleansLicense.Licensing.Borrowing;
using OrleansLicense.Licensing.Documents;
using OrleansLicense.Licensing.Keys;
using OrleansLicense.Licensing.Peaks;
using OrleansLicense.Licensing.Usage;

namespace OrleansLicense.Cli.Commands;

/// <summary><c>olic vendor verify-usage|verify-peaks</c>: the vendor checks files a customer's server exported (R-USE-2, R-USE-3).</summary>
internal static class VendorVerifyCommands
{
    /// <summary>Adds the verify commands to the root's <c>vendor</c> command.</summary>
    public static void AddTo(RootCommand root, CliEnvironment environment, GlobalOptions globals)
    {
        var vendor = root.Subcommands.Single(c => c.Name == "vendor");
        vendor.Subcommands.Add(CreateVerifyUsage(environment, globals));
        vendor.Subcommands.Add(CreateVerifyPeaks(environment, globals));
    }

    private static Command CreateVerifyUsage(CliEnvironment environment, GlobalOptions globals)
    {
        var file = new Argument<string>("file") { Description = "The usage export from 'olic usage export'." };
        var key = new Option<string>("--key") { Description = "The vendor private key (vendor.key.pem) the export is encrypted to.", HelpName = "PRIVATE.pem", Required = true };
        var serverKey = ServerKeyOption();
        var outFile = new Option<string?>("--out") { Description = "Write the decrypted report (JSON) to this file.", HelpName = "FILE" };
        var command = new Command("verify-usage", "Check a usage export's server signature and decrypt it with the vendor key.") { file, key, serverKey, outFile };
        CommandAction.Set(command, environment, globals, (context, ct) => VerifyUsageAsync(
            context,
            context.ParseResult.GetRequiredValue(file),
            context.ParseResult.GetRequiredValue(key),
            context.ParseResult.GetValue(serverKey),
            context.ParseResult.GetValue(outFile),
            ct));
        return command;
    }

    private static Command CreateVerifyPeaks(CliEnvironment environment, GlobalOptions globals)
    {
        var file = new Argument<string>("file") { Description = "The peak log from 'olic peaks export'." };
        var serverKey = ServerKeyOption();
        var command = new Command("verify-peaks", "Check a userPeakLog's signature and show its days.") { file, serverKey };
        CommandAction.Set(command, environment, globals, (context, ct) => VerifyPeaksAsync(
            context,
            context.ParseResult.GetRequiredValue(file),
            context.ParseResult.GetValue(serverKey),
            ct));
        return command;
    }

    private static Option<string?> ServerKeyOption() => new("--server-key")
    {
        Description = "The customer server's public key (from 'olic borrow server-key --out'); without it the key the file names is used, which still shows any change.",
        HelpName = "PUBLIC.pem",
    };

    private static async Task VerifyUsageAsync(CliContext context, string file, string keyPath, string? serverKeyPath, string? outFile, CancellationToken ct)
    {
        var text = await BorrowCommands.ReadFileAsync(file, "usage export", ct).ConfigureAwait(false);
        var vendorKey = ReadKey(await BorrowCommands.ReadFileAsync(keyPath, "key file", ct).ConfigureAwait(false), keyPath, VendorKeyPair.FromPrivateKeyPem);
        var pinned = await ReadServerKeyAsync(serverKeyPath, ct).ConfigureAwait(false);
        var export = Verified(() => UsageExportFile.Read(text, vendorKey, pinned));
        var json = JsonSerializer.Serialize(export.Report, new JsonSerializerOptions(LicenseJson.Options) { WriteIndented = true });
        if (outFile is not null)
        {
            await BorrowCommands.WriteFileAsync(outFile, json, ct).ConfigureAwait(false);
        }

        if (context.Json)
        {
            context.Out.WriteLine(json);
            return;
        }

        var report = export.Report;
        context.Out.WriteLine($"Valid usage export of license {report.LicenseId} ({report.Product}), exported {Display.Time(report.ExportedAt)}, signed by server key {export.ServerKeyId}.");
        var table = new TextTable("CLIENT", "USER", "HOST", "FIRST SEEN", "LAST UPLOAD", "UPLOADS", "USE");
        foreach (var c in report.Clients)
        {
            table.AddRow(
                c.ClientId,
                Display.OrDash(c.User),
                Display.OrDash(c.Host),
                Display.Time(c.FirstSeen),
                c.LastUpload is { } last ? Display.Time(last) : "-",
                Display.Number(c.Uploads),
                string.Join(", ", c.Features.Select(f => $"{f.Name}:{Display.Number(f.CheckOuts)}x/{f.Seconds}s")));
        }

        table.WriteTo(context.Out);
    }

    private static async Task VerifyPeaksAsync(CliContext context, string file, string? serverKeyPath, CancellationToken ct)
    {
        var text = await BorrowCommands.ReadFileAsync(file, "peak log", ct).ConfigureAwait(false);
        var pinned = await ReadServerKeyAsync(serverKeyPath, ct).ConfigureAwait(false);
        var log = Verified(() => PeakLog.Read(text, pinned));
        if (context.Json)
        {
            context.Out.WriteLine(JsonSerializer.Serialize(
                new { sn = log.Sn, time = log.Time, serverKeyId = log.ServerKeyId, days = log.Days.Select(d => new { time = d.Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), sn = d.Sn, feature = d.Features }) },
                new JsonSerializerOptions { WriteIndented = true }));
            return;
        }

        context.Out.WriteLine($"Valid peak log of license {log.Sn}, exported {Display.Time(log.Time)}, signed by server key {log.ServerKeyId}; {Display.Number(log.Days.Count)} day(s).");
        var table = new TextTable("DAY", "SN", "FEATURES");
        foreach (var day in log.Days)
        {
            table.AddRow(
                day.Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                Display.Number(day.Sn),
                day.HasUse ? string.Join(", ", day.Features.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => $"{f.Key}:{Display.Number(f.Value)}")) : "-");
        }

        table.WriteTo(context.Out);
    }

    private static async Task<VendorPublicKey?> ReadServerKeyAsync(string? path, CancellationToken ct)
        => path is null ? null : ReadKey(await BorrowCommands.ReadFileAsync(path, "server key file", ct).ConfigureAwait(false), path, VendorPublicKey.FromPem);

    private static T ReadKey<T>(string pem, string path, Func<string, T> parse)
    {
        try
        {
            return parse(pem);
        }
        catch (FormatException ex)
        {
            throw CliException.Usage($"'{Path.GetFullPath(path)}' is not the expected key: {ex.Message}", ex);
        }
    }

    private static T Verified<T>(Func<T> read)
    {
        try
        {
            return read();
        }
        catch (SignedFileException ex)
        {
            throw new CliException(ex.Code, ex.Message, ExitCodes.Failure, ex);
        }
    }
}
