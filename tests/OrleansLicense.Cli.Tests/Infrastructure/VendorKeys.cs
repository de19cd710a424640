using OrleansLicense.Licensing.Keys;

namespace OrleansLicense.Cli.Tests.Infrastructure;

/// <summary>A key pair written by <c>olic vendor keygen</c> into a temp folder.</summary>
internal sealed class VendorKeys : IDisposable
{
    private readonly TempFolder folder = new();

    private VendorKeys()
    {
    }

    public string Folder => folder.Path;

    public string PrivateKeyPath => folder.Combine("vendor.key.pem");

    public string PublicKeyPath => folder.Combine("vendor.pub.pem");

    /// <summary>A store trusting the written public key, as a server configured with it would.</summary>
    public TrustedKeyStore TrustedKeys => TrustedKeyStore.FromPems([File.ReadAllText(PublicKeyPath)]);

    public static async Task<VendorKeys> CreateAsync()
    {
        var keys = new VendorKeys();
        var result = await Olic.RunAsync("vendor", "keygen", "--out", keys.Folder);
        Assert.True(result.ExitCode == 0, result.ToString());
        return keys;
    }

    /// <summary>Runs <c>olic vendor issue --key …</c> with the given further arguments.</summary>
    public Task<CliResult> IssueAsync(params string[] args) =>
        Olic.RunAsync(["vendor", "issue", "--key", PrivateKeyPath, .. args]);

    public void Dispose() => folder.Dispose();
}
