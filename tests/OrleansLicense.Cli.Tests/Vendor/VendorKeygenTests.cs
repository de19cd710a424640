using System.Text.Json;
using OrleansLicense.Cli.Tests.Infrastructure;
using OrleansLicense.Licensing.Keys;

namespace OrleansLicense.Cli.Tests.Vendor;

public sealed class VendorKeygenTests
{
    [Fact]
    public async Task Keygen_writes_a_matching_key_pair_and_prints_its_key_id()
    {
        using var folder = new TempFolder();

        var result = await Olic.RunAsync("vendor", "keygen", "--out", folder.Path);

        Assert.True(result.ExitCode == 0, result.ToString());
        var keyPair = VendorKeyPair.FromPrivateKeyPem(File.ReadAllText(folder.Combine("vendor.key.pem")));
        var publicKey = VendorPublicKey.FromPem(File.ReadAllText(folder.Combine("vendor.pub.pem")));
        Assert.Equal(keyPair.KeyId, publicKey.KeyId);
        Assert.Contains($"Key id: {keyPair.KeyId}", result.Stdout, StringComparison.Ordinal);
        Assert.Equal("", result.Stderr);

        // A server's trusted-keys folder picks the public key up by its *.pub.pem name.
        Assert.True(TrustedKeyStore.LoadFromFolder(folder.Path).TryGet(keyPair.KeyId, out _));
    }

    [Fact]
    public async Task Keygen_makes_the_private_key_readable_by_the_owner_only()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Skip("Unix file modes do not exist on Windows.");
            return;
        }

        using var folder = new TempFolder();

        var result = await Olic.RunAsync("vendor", "keygen", "--out", folder.Path);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(folder.Combine("vendor.key.pem")));
        Assert.Empty(Directory.GetFiles(folder.Path, "*.tmp"));
    }

    [Fact]
    public async Task Keygen_creates_a_missing_output_folder()
    {
        using var folder = new TempFolder();
        var nested = folder.Combine("a", "b");

        var result = await Olic.RunAsync("vendor", "keygen", "--out", nested);

        Assert.Equal(0, result.ExitCode);
        Assert.True(File.Exists(Path.Combine(nested, "vendor.key.pem")));
        Assert.True(File.Exists(Path.Combine(nested, "vendor.pub.pem")));
    }

    [Theory]
    [InlineData("vendor.key.pem")]
    [InlineData("vendor.pub.pem")]
    public async Task Keygen_refuses_to_overwrite_an_existing_key_without_force(string existingFile)
    {
        using var folder = new TempFolder();
        var existing = folder.Combine(existingFile);
        File.WriteAllText(existing, "precious");

        var result = await Olic.RunAsync("vendor", "keygen", "--out", folder.Path);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("error: usage: ", result.Stderr, StringComparison.Ordinal);
        Assert.Contains(existing, result.Stderr, StringComparison.Ordinal);
        Assert.Contains("--force", result.Stderr, StringComparison.Ordinal);
        Assert.Equal("precious", File.ReadAllText(existing));
        Assert.Single(Directory.GetFiles(folder.Path));
        Assert.Equal("", result.Stdout);
    }

    [Fact]
    public async Task Keygen_with_force_replaces_the_key_pair_and_keeps_the_private_key_private()
    {
        using var folder = new TempFolder();
        Assert.Equal(0, (await Olic.RunAsync("vendor", "keygen", "--out", folder.Path)).ExitCode);
        var oldKeyId = VendorPublicKey.FromPem(File.ReadAllText(folder.Combine("vendor.pub.pem"))).KeyId;

        var result = await Olic.RunAsync("vendor", "keygen", "--out", folder.Path, "--force");

        Assert.True(result.ExitCode == 0, result.ToString());
        var keyPair = VendorKeyPair.FromPrivateKeyPem(File.ReadAllText(folder.Combine("vendor.key.pem")));
        Assert.NotEqual(oldKeyId, keyPair.KeyId);
        Assert.Equal(keyPair.KeyId, VendorPublicKey.FromPem(File.ReadAllText(folder.Combine("vendor.pub.pem"))).KeyId);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(folder.Combine("vendor.key.pem")));
        }
    }

    [Fact]
    public async Task Keygen_json_prints_the_key_id_and_both_paths()
    {
        using var folder = new TempFolder();

        var result = await Olic.RunAsync("vendor", "keygen", "--out", folder.Path, "--json");

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Stdout);
        var keyPair = VendorKeyPair.FromPrivateKeyPem(File.ReadAllText(folder.Combine("vendor.key.pem")));
        Assert.Equal(keyPair.KeyId, json.RootElement.GetProperty("keyId").GetString());
        Assert.Equal(folder.Combine("vendor.key.pem"), json.RootElement.GetProperty("privateKey").GetString());
        Assert.Equal(folder.Combine("vendor.pub.pem"), json.RootElement.GetProperty("publicKey").GetString());
    }

    [Fact]
    public async Task Keygen_without_out_is_a_usage_error()
    {
        var result = await Olic.RunAsync("vendor", "keygen");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--out", result.Stderr, StringComparison.Ordinal);
    }
}
