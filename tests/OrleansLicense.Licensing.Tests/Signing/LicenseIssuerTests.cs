using System.Text;
using System.Text.Json;
using OrleansLicense.Licensing.Canonicalization;
using OrleansLicense.Licensing.Documents;
using OrleansLicense.Licensing.Keys;
using OrleansLicense.Licensing.Signing;
using OrleansLicense.Licensing.Tests.Support;

namespace OrleansLicense.Licensing.Tests.Signing;

public sealed class LicenseIssuerTests
{
    [Fact]
    public void Issued_file_is_compact_envelope_with_canonical_license()
    {
        var key = VendorKeyPair.Generate();

        var file = LicenseIssuer.Issue(Samples.Document(), key);

        using var parsed = JsonDocument.Parse(file);
        var names = parsed.RootElement.EnumerateObject().Select(p => p.Name).ToArray();
        Assert.Equal(["license", "keyId", "signature"], names);
        Assert.StartsWith("{\"license\":{\"binding\":", file, StringComparison.Ordinal);
        Assert.DoesNotContain(" ", file, StringComparison.Ordinal);
        var license = parsed.RootElement.GetProperty("license");
        Assert.Equal(Encoding.UTF8.GetString(CanonicalJson.Canonicalize(license)), license.GetRawText());
        Assert.Equal(key.KeyId, parsed.RootElement.GetProperty("keyId").GetString());
        Assert.Equal(64, Convert.FromBase64String(parsed.RootElement.GetProperty("signature").GetString()!).Length);
    }

    [Fact]
    public void Issue_then_verify_returns_the_same_document()
    {
        var key = VendorKeyPair.Generate();
        var document = Samples.Document();

        var verified = LicenseVerifier.Verify(LicenseIssuer.Issue(document, key), Samples.StoreOf(key), Samples.Now, null);

        Assert.Equal(document, verified);
    }

    [Fact]
    public void Issuing_with_a_signer_works_like_with_the_key_pair()
    {
        var key = VendorKeyPair.Generate();

        var file = LicenseIssuer.Issue(Samples.Document(), key.CreateSigner());

        Assert.Equal(Samples.Document(), LicenseVerifier.Verify(file, Samples.StoreOf(key), Samples.Now, null));
    }

    [Fact]
    public void Distributable_is_issued_as_borrowable()
    {
        var key = VendorKeyPair.Generate();
        var document = Samples.Document() with { Flags = LicenseFlags.None with { Distributable = true } };

        var verified = LicenseVerifier.Verify(LicenseIssuer.Issue(document, key), Samples.StoreOf(key), Samples.Now, null);

        Assert.True(verified.Flags.Distributable);
        Assert.True(verified.Flags.Borrowable);
    }

    [Theory]
    [InlineData("cad", 0)]
    [InlineData("cad", -3)]
    [InlineData("-cad", 1)]
    [InlineData("cad core", 1)]
    [InlineData("cad\n", 1)]
    public void Invalid_features_are_refused_at_issue_time(string name, int seats)
    {
        var document = Samples.Document() with { Features = [new LicenseFeature(name, seats)] };

        var ex = Assert.Throws<ArgumentException>(() => LicenseIssuer.Issue(document, VendorKeyPair.Generate()));

        Assert.Contains("SN-0001", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicate_feature_names_are_refused_at_issue_time()
    {
        var document = Samples.Document() with { Features = [new LicenseFeature("cad", 1), new LicenseFeature("CAD", 2)] };

        var ex = Assert.Throws<ArgumentException>(() => LicenseIssuer.Issue(document, VendorKeyPair.Generate()));

        Assert.Contains("more than once", ex.Message, StringComparison.Ordinal);
    }
}
