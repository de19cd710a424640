using System.CommandLine;
using System.Text;
using OrleansLicense.Cli.Output;
using OrleansLicense.Contracts;
using OrleansLicense.Contracts.Borrows;

namespace OrleansLicense.Cli.Commands;

/// <summary><c>olic borrow list|show|return|offline|offline-return|server-key</c> (R-BOR-1..5).</summary>
internal static class BorrowCommands
{
    public static Command Create(CliEnvironment environment, GlobalOptions globals)
    {
        var borrow = new Command("borrow", "List and return borrows; answer offline borrow request files and apply return files.");

        var list = new Command("list", "List active borrows and distributions.");
        CommandAction.Set(list, environment, globals, ListAsync);

        var showId = new Argument<string>("id") { Description = "The borrow id." };
        var show = new Command("show", "Show a borrow.") { showId };
        CommandAction.Set(show, environment, globals, (context, ct) => ShowAsync(context, context.ParseResult.GetRequiredValue(showId), ct));

        var returnId = new Argument<string>("id") { Description = "The borrow id." };
        var giveBack = new Command("return", "Return a borrow: its seats are back at once (a distribution can never be returned).") { returnId };
        CommandAction.Set(giveBack, environment, globals, (context, ct) => ReturnAsync(context, context.ParseResult.GetRequiredValue(returnId), ct));

        var requestFile = new Argument<string>("request") { Description = "The request file written on the offline machine." };
        var responseOut = new Option<string>("--out") { Description = "Where to write the response file for the offline machine.", HelpName = "FILE", Required = true };
        var offline = new Command("offline", "Lend seats for an offline request file and write the signed response file (Bit_GetBorrowRequest / Bit_ApplyBorrowInfo).") { requestFile, responseOut };
        CommandAction.Set(offline, environment, globals, (context, ct) =>
            OfflineAsync(context, context.ParseResult.GetRequiredValue(requestFile), context.ParseResult.GetRequiredValue(responseOut), ct));

        var returnFile = new Argument<string>("file") { Description = "The return file written on the offline machine." };
        var offlineReturn = new Command("offline-return", "Apply an offline machine's return file: its borrowed seats come back.") { returnFile };
        CommandAction.Set(offlineReturn, environment, globals, (context, ct) => OfflineReturnAsync(context, context.ParseResult.GetRequiredValue(returnFile), ct));

        var keyOut = new Option<string?>("--out") { Description = "Write the public key PEM to this file (for offline machines to pin, or the vendor).", HelpName = "FILE" };
        var serverKey = new Command("server-key", "Show the server's signing key (borrow certificates, usage exports, peak logs).") { keyOut };
        CommandAction.Set(serverKey, environment, globals, (context, ct) => ServerKeyAsync(context, context.ParseResult.GetValue(keyOut), ct));

        borrow.Subcommands.Add(list);
        borrow.Subcommands.Add(show);
        borrow.Subcommands.Add(giveBack);
        borrow.Subcommands.Add(offline);
        borrow.Subcommands.Add(offlineReturn);
        borrow.Subcommands.Add(serverKey);
        return borrow;
    }

    /// <summary>Reads a file named on the command line; a missing or unreadable file is a usage error.</summary>
    internal static async Task<string> ReadFileAsync(string file, string what, CancellationToken ct)
    {
        var path = Path.GetFullPath(file);
        if (!File.Exists(path))
        {
            throw CliException.Usage($"the {what} '{path}' does not exist.");
        }

        try
        {
            return await File.ReadAllTextAsync(path, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw CliException.Usage($"cannot read the {what} '{path}': {ex.Message}", ex);
        }
    }

    /// <summary>Writes a result file (UTF-8 without BOM); returns its full path.</summary>
    internal static async Task<string> WriteFileAsync(string file, string text, CancellationToken ct)
    {
        var path = Path.GetFullPath(file);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllTextAsync(path, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), ct).ConfigureAwait(false);
            return path;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliException(CliErrorCodes.IoError, $"cannot write '{path}': {ex.Message}", ExitCodes.Failure, ex);
        }
    }

    private static async Task ListAsync(CliContext context, CancellationToken ct)
    {
        using var client = context.CreateAdminClient();
        var response = await client.SendAsync(HttpMethod.Get, "borrows", null, ContractsJsonContext.Default.ListBorrowView, ct).ConfigureAwait(false);
        if (context.Json)
        {
            context.Out.WriteLine(response.RawJson);
            return;
        }

        if (response.Value.Count == 0)
        {
            context.Out.WriteLine("No borrows.");
            return;
        }

        var table = new TextTable("BORROW", "LICENSE", "FEATURES", "USER", "HOST", "SINCE", "UNTIL", "KIND");
        foreach (var borrow in response.Value)
        {
            table.AddRow(
                borrow.BorrowId,
                borrow.LicenseId,
                Display.Held(borrow.Features),
                Display.OrDash(borrow.Client?.User),
                Display.OrDash(borrow.Client?.Host),
                Display.Time(borrow.BorrowedAt),
                Display.Time(borrow.Until),
                Kind(borrow));
        }

        table.WriteTo(context.Out);
    }

    private static async Task ShowAsync(CliContext context, string id, CancellationToken ct)
    {
        using var client = context.CreateAdminClient();
        var response = await client.SendAsync(HttpMethod.Get, "borrows/" + Uri.EscapeDataString(id), null, ContractsJsonContext.Default.BorrowView, ct).ConfigureAwait(false);
        if (context.Json)
        {
            context.Out.WriteLine(response.RawJson);
            return;
        }

        WriteBorrow(context.Out, response.Value);
    }

    private static async Task ReturnAsync(CliContext context, string id, CancellationToken ct)
    {
        using var client = context.CreateAdminClient();
        var raw = await client.SendRawAsync(HttpMethod.Delete, "borrows/" + Uri.EscapeDataString(id), null, ct).ConfigureAwait(false);
        if (context.Json)
        {
            if (raw.Length > 0)
            {
                context.Out.WriteLine(raw);
            }

            return;
        }

        context.Out.WriteLine($"Returned borrow {id}; its seats are back in the pool.");
    }

    private static async Task OfflineAsync(CliContext context, string requestFile, string outFile, CancellationToken ct)
    {
        var request = await ReadFileAsync(requestFile, "request file", ct).ConfigureAwait(false);
        using var client = context.CreateAdminClient();
        var response = await client.SendRawAsync(HttpMethod.Post, "borrows/offline", new StringContent(request, Encoding.UTF8, "application/json"), ct).ConfigureAwait(false);
        var path = await WriteFileAsync(outFile, response, ct).ConfigureAwait(false);
        if (context.Json)
        {
            context.Out.WriteLine(response);
            return;
        }

        context.Out.WriteLine($"Lent; wrote the response file {path}. Apply it on the offline machine.");
    }

    private static async Task OfflineReturnAsync(CliContext context, string file, CancellationToken ct)
    {
        var text = await ReadFileAsync(file, "return file", ct).ConfigureAwait(false);
        using var client = context.CreateAdminClient();
        var response = await client.SendAsync(HttpMethod.Post, "borrows/offline/return", new StringContent(text, Encoding.UTF8, "application/json"), ContractsJsonContext.Default.BorrowView, ct).ConfigureAwait(false);
        if (context.Json)
        {
            context.Out.WriteLine(response.RawJson);
            return;
        }

        context.Out.WriteLine($"Returned borrow {response.Value.BorrowId}; its seats are back in the pool.");
    }

    private static async Task ServerKeyAsync(CliContext context, string? outFile, CancellationToken ct)
    {
        using var client = context.CreateAdminClient();
        var response = await client.SendAsync(HttpMethod.Get, "server-key", null, ContractsJsonContext.Default.ServerKeyView, ct).ConfigureAwait(false);
        if (outFile is not null)
        {
            var path = await WriteFileAsync(outFile, response.Value.PublicKeyPem, ct).ConfigureAwait(false);
            if (!context.Json)
            {
                context.Out.WriteLine($"Server key {response.Value.KeyId}; wrote {path}");
                return;
            }
        }

        context.Out.WriteLine(context.Json ? response.RawJson : $"Server key {response.Value.KeyId}\n{response.Value.PublicKeyPem.TrimEnd()}");
    }

    private static string Kind(BorrowView borrow) => (borrow.Returnable, borrow.Offline) switch
    {
        (false, _) => "distribution",
        (true, true) => "offline",
        _ => "online",
    };

    private static void WriteBorrow(TextWriter output, BorrowView borrow)
    {
        output.WriteLine($"Borrow:    {borrow.BorrowId}");
        output.WriteLine($"License:   {borrow.LicenseId} ({borrow.Product})");
        output.WriteLine($"Features:  {Display.Held(borrow.Features)}");
        output.WriteLine($"Status:    {borrow.Status}");
        output.WriteLine($"Kind:      {Kind(borrow)}");
        output.WriteLine($"Client:    {Display.OrDash(borrow.Client?.User)}@{Display.OrDash(borrow.Client?.Host)} ({Display.OrDash(borrow.Client?.Fingerprint)})");
        output.WriteLine($"Since:     {Display.Time(borrow.BorrowedAt)}");
        output.WriteLine($"Until:     {Display.Time(borrow.Until)}");
        if (borrow.EndedAt is { } ended)
        {
            output.WriteLine($"Ended:     {Display.Time(ended)}");
        }
    }
}
