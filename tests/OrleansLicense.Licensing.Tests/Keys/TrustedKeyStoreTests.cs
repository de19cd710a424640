using OrleansLicense.Licensing.Keys;
using OrleansLicense.Licensing.Tests.Support;

namespace OrleansLicense.Licensing.Tests.Keys;

public sealed class TrustedKeyStoreTests
{
    [Fact]
    public void Loads_every_pub_pem_file_of_a_folder_and_ignores_others()
    {
        var a = VendorKeyPair.Generate();
        var b = VendorKeyPair.Generate();
        var other = VendorKeyPair.Generate();
        using var folder = new TempFolder();
        folder.Write("vendor-a.pub.pem", a.ExportPublicKeyPem());
        folder.Write("vendor-b.pub.pem", b.ExportPublicKeyPem());
        folder.Write("vendor-c.pem", other.ExportPublicKeyPem());
        folder.Write("vendor-a.key.pem", a.ExportPrivateKeyPem());
        folder.Write("readme.txt", "keys live here");

        var store = TrustedKeyStore.LoadFromFolder(folder.Path);

        Assert.Equal(2, store.Count);
        Assert.True(store.TryGet(a.KeyId, out var foundA));
        Assert.Equal(a.KeyId, foundA.Key.KeyId);
        Assert.Null(foundA.Products);
        Assert.True(store.TryGet(b.KeyId, out _));
        Assert.False(store.TryGet(other.KeyId, out _));
    }

    [Fact]
    public void Read_folder_applies_the_product_restriction()
    {
        var a = VendorKeyPair.Generate();
        using var folder = new TempFolder();
        folder.Write("a.pub.pem", a.ExportPublicKeyPem());

        var keys = TrustedKeyStore.ReadFolder(folder.Path, ["ProductA"]);

        var key = Assert.Single(keys);
        Assert.True(key.AllowsProduct("producta"));
        Assert.False(key.AllowsProduct("ProductB"));
    }

    [Fact]
    public void Empty_folder_gives_an_empty_store()
    {
        using var folder = new TempFolder();

        Assert.Equal(0, TrustedKeyStore.LoadFromFolder(folder.Path).Count);
    }

    [Fact]
    public void A_bad_pub_pem_file_is_refused_naming_the_file()
    {
        using var folder = new TempFolder();
        folder.Write("broken.pub.pem", "garbage");

        var ex = Assert.Throws<FormatException>(() => TrustedKeyStore.LoadFromFolder(folder.Path));

        Assert.Contains("broken.pub.pem", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_folder_is_refused()
    {
        using var folder = new TempFolder();

        Assert.Throws<DirectoryNotFoundException>(() => TrustedKeyStore.LoadFromFolder(Path.Combine(folder.Path, "absent")));
    }

    [Fact]
    public void From_pems_trusts_each_key_for_any_product()
    {
        var a = VendorKeyPair.Generate();
        var b = VendorKeyPair.Generate();

        var store = TrustedKeyStore.FromPems([a.ExportPublicKeyPem(), b.ExportPublicKeyPem()]);

        Assert.Equal(2, store.Count);
        Assert.True(store.TryGet(b.KeyId, out var key));
        Assert.True(key.AllowsProduct("Anything"));
    }

    [Fact]
    public void The_same_key_twice_is_refused()
    {
        var a = VendorKeyPair.Generate();

        Assert.Throws<ArgumentException>(() => new TrustedKeyStore([new TrustedKey(a.PublicKey), new TrustedKey(a.PublicKey, ["X"])]));
    }

    [Fact]
    public void An_empty_product_list_is_refused_because_null_means_any()
    {
        var a = VendorKeyPair.Generate();

        Assert.Throws<ArgumentException>(() => new TrustedKeyStore([new TrustedKey(a.PublicKey, [])]));
    }
}
