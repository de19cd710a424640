using OrleansLicense.Cli.Tests.Infrastructure;
using OrleansLicense.Licensing.Grid;
using OrleansLicense.Testing;

namespace OrleansLicense.Cli.Tests.Database;

/// <summary><c>olic grid cert</c> (issue 12 item 5): the grid certificate as two PEM files, the key owner-only.</summary>
public sealed class GridCertTests
{
    [Fact]
    public async Task Cert_writes_a_certificate_and_an_owner_only_key_that_belong_together()
    {
        using var dir = new TempDirectory("olic-gridcert");
        var folder = Path.Combine(dir.Path, "grid");

        var result = await Olic.RunAsync("grid", "cert", "--out", folder);

        Assert.True(result.ExitCode == 0, result.ToString());
        var grid = GridCertificate.FromPem(
            await File.ReadAllTextAsync(Path.Combine(folder, "grid.crt.pem"), TestContext.Current.CancellationToken),
            await File.ReadAllTextAsync(Path.Combine(folder, "grid.key.pem"), TestContext.Current.CancellationToken));
        Assert.True(grid.Certificate.HasPrivateKey);
        Assert.Contains(grid.Thumbprint, result.Stdout, StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(folder, "grid.key.pem")));
        }
    }

    [Fact]
    public async Task Cert_refuses_to_overwrite_a_grid_certificate()
    {
        using var dir = new TempDirectory("olic-gridcert");
        Assert.Equal(0, (await Olic.RunAsync("grid", "cert", "--out", dir.Path)).ExitCode);
        var before = await File.ReadAllTextAsync(Path.Combine(dir.Path, "grid.key.pem"), TestContext.Current.CancellationToken);

        var again = await Olic.RunAsync("grid", "cert", "--out", dir.Path);

        Assert.Equal(2, again.ExitCode);
        Assert.Contains("holds a grid certificate already", again.Stderr, StringComparison.Ordinal);
        Assert.Equal(before, await File.ReadAllTextAsync(Path.Combine(dir.Path, "grid.key.pem"), TestContext.Current.CancellationToken));
    }
}
