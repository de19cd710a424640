using System.CommandLine;
using OrleansLicense.Licensing.Grid;

namespace OrleansLicense.Cli.Commands;

/// <summary>
/// <c>olic grid cert --out DIR</c>: makes a grid certificate for operators who want to hand it to the silos
/// themselves (copy both files into every silo's data folder); otherwise the first silo of a grid makes one
/// and keeps it in the grid's database.
/// </summary>
internal static class GridCommands
{
    private const UnixFileMode SecretFileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public static Command Create(CliEnvironment environment, GlobalOptions globals)
    {
        var output = new Option<string>("--out") { Description = "The folder to write grid.crt.pem and grid.key.pem to (created if missing).", Required = true };
        var cert = new Command("cert", "Make the grid certificate silos present to each other (mutual TLS on the silo and gateway ports).") { output };
        CommandAction.Set(cert, environment, globals, (context, ct) => WriteAsync(context, context.ParseResult.GetRequiredValue(output), ct));
        return new Command("grid", "A grid of silos.") { cert };
    }

    private static async Task WriteAsync(CliContext context, string folder, CancellationToken ct)
    {
        var certificatePath = Path.Combine(folder, "grid.crt.pem");
        var keyPath = Path.Combine(folder, "grid.key.pem");
        if (File.Exists(certificatePath) || File.Exists(keyPath))
        {
            throw CliException.Usage($"{folder} holds a grid certificate already; a second one would split the grid (remove both files to replace it).");
        }

        Directory.CreateDirectory(folder);
        var grid = GridCertificate.Create(DateTimeOffset.UtcNow);
        await File.WriteAllTextAsync(certificatePath, grid.CertificatePem, ct).ConfigureAwait(false);

        // The key is created owner-only before a byte of it is written.
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = SecretFileMode;
        }

        await using (var key = new StreamWriter(keyPath, options))
        {
            await key.WriteAsync(grid.KeyPem.AsMemory(), ct).ConfigureAwait(false);
        }

        context.Out.WriteLine($"Grid certificate {grid.Thumbprint} written to {certificatePath} and {keyPath} (0600).");
        context.Out.WriteLine("Copy both files into the data folder of every silo of the grid.");
    }
}
