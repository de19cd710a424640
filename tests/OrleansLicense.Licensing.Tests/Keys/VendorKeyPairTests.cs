using System.Security.Cryptography;
using OrleansLicense.Licensing.Keys;

namespace OrleansLicense.Licensing.Tests.Keys;

public sealed class VendorKeyPairTests
{
    [Fact]
    public void Generate_makes_distinct_keys_with_16_hex_char_ids()
    {
        var a = VendorKeyPair.Generate();
        var b = VendorKeyPair.Generate();

        Assert.NotEqual(a.KeyId, b.KeyId);
        Assert.Matches("^[0-9a-f]{16}$", a.KeyId);
        Assert.Equal(a.KeyId, a.PublicKey.KeyId);
    }

    [Fact]
    public void Key_id_is_first_16_hex_chars_of_sha256_of_spki()
    {
        var key = VendorKeyPair.Generate();
        var spki = key.PublicKey.ExportSubjectPublicKeyInfo();

        var expected = Convert.ToHexStringLower(SHA256.HashData(spki))[..16];

        Assert.Equal(expected, key.KeyId);
    }

    [Fact]
    public void Private_pem_round_trip_keeps_the_key()
    {
        var key = VendorKeyPair.Generate();
        var pem = key.ExportPrivateKeyPem();

        var imported = VendorKeyPair.FromPrivateKeyPem(pem);

        Assert.StartsWith("-----BEGIN PRIVATE KEY-----", pem, StringComparison.Ordinal);
        Assert.Equal(key.KeyId, imported.KeyId);
        Assert.Equal(pem, imported.ExportPrivateKeyPem());
        Assert.Equal(key.ExportPublicKeyPem(), imported.ExportPublicKeyPem());
    }

    [Fact]
    public void Public_pem_round_trip_keeps_the_key_id()
    {
        var key = VendorKeyPair.Generate();
        var pem = key.ExportPublicKeyPem();

        var imported = VendorPublicKey.FromPem(pem);

        Assert.StartsWith("-----BEGIN PUBLIC KEY-----", pem, StringComparison.Ordinal);
        Assert.Equal(key.KeyId, imported.KeyId);
        Assert.Equal(pem, imported.ExportPem());
        Assert.Equal(key.KeyId, VendorPublicKey.FromPem(imported.ExportPem()).KeyId);
    }

    [Fact]
    public void Imported_private_key_signs_what_the_original_public_key_verifies()
    {
        var key = VendorKeyPair.Generate();
        var imported = VendorKeyPair.FromPrivateKeyPem(key.ExportPrivateKeyPem());
        var data = "hello"u8.ToArray();

        Assert.True(key.PublicKey.CreateVerifier().Verify(data, imported.CreateSigner().Sign(data)));
    }

    [Fact]
    public void Public_pem_is_refused_as_private_key_and_vice_versa()
    {
        var key = VendorKeyPair.Generate();

        Assert.Throws<FormatException>(() => VendorKeyPair.FromPrivateKeyPem(key.ExportPublicKeyPem()));
        Assert.Throws<FormatException>(() => VendorPublicKey.FromPem(key.ExportPrivateKeyPem()));
    }

    [Fact]
    public void Keys_on_another_curve_are_refused()
    {
        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);

        Assert.Throws<FormatException>(() => VendorKeyPair.FromPrivateKeyPem(p384.ExportPkcs8PrivateKeyPem()));
        Assert.Throws<FormatException>(() => VendorPublicKey.FromPem(p384.ExportSubjectPublicKeyInfoPem()));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a pem")]
    [InlineData("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----")]
    public void Garbage_is_refused_as_public_key(string text)
    {
        Assert.Throws<FormatException>(() => VendorPublicKey.FromPem(text));
    }

    [Fact]
    public void Sec1_private_key_pem_is_refused_because_pkcs8_is_required()
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        Assert.Throws<FormatException>(() => VendorKeyPair.FromPrivateKeyPem(ecdsa.ExportECPrivateKeyPem()));
    }
}
