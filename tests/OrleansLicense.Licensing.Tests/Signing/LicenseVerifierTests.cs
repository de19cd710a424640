using System.Text.Json;
using System.Text.Json.Nodes;
using OrleansLicense.Licensing.Documents;
using OrleansLicense.Licensing.Keys;
using OrleansLicense.Licensing.Signing;
using OrleansLicense.Licensing.Tests.Support;

namespace OrleansLicense.Licensing.Tests.Signing;

public sealed class LicenseVerifierTests
{
    private readonly VendorKeyPair vendor = VendorKeyPair.Generate();

    private LicenseValidationException Refused(string file, TrustedKeyStore? store = null) =>
        Assert.Throws<LicenseValidationException>(() => LicenseVerifier.Verify(file, store ?? Samples.StoreOf(vendor), Samples.Now, null));

    [Fact]
    public void A_key_the_store_does_not_trust_is_refused()
    {
        var file = LicenseIssuer.Issue(Samples.Document(), vendor);

        var ex = Refused(file, Samples.StoreOf(VendorKeyPair.Generate()));

        Assert.Equal(LicenseErrorCodes.SignatureInvalid, ex.Code);
        Assert.Contains(vendor.KeyId, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_signature_by_another_key_under_a_trusted_key_id_is_refused()
    {
        var forger = VendorKeyPair.Generate();
        var forged = LicenseIssuer.Issue(Samples.Document(), forger).Replace(forger.KeyId, vendor.KeyId, StringComparison.Ordinal);

        var ex = Refused(forged, Samples.StoreOf(vendor, forger));

        Assert.Equal(LicenseErrorCodes.SignatureInvalid, ex.Code);
        Assert.Contains("signature does not match", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_restricted_to_another_product_is_refused()
    {
        var file = LicenseIssuer.Issue(Samples.Document(), vendor);
        var store = new TrustedKeyStore([new TrustedKey(vendor.PublicKey, ["OtherProduct"])]);

        var ex = Refused(file, store);

        Assert.Equal(LicenseErrorCodes.SignatureInvalid, ex.Code);
        Assert.Contains(Samples.Product, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_restricted_to_the_product_is_accepted_ignoring_case()
    {
        var file = LicenseIssuer.Issue(Samples.Document(), vendor);
        var store = new TrustedKeyStore([new TrustedKey(vendor.PublicKey, ["Other", Samples.Product.ToUpperInvariant()])]);

        Assert.Equal(Samples.Document(), LicenseVerifier.Verify(file, store, Samples.Now, null));
    }

    [Fact]
    public void Pretty_printing_the_file_keeps_it_valid_because_the_signature_covers_the_canonical_form()
    {
        var file = LicenseIssuer.Issue(Samples.Document(), vendor);
        var pretty = JsonNode.Parse(file)!.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";

        Assert.Equal(Samples.Document(), LicenseVerifier.Verify(pretty, Samples.StoreOf(vendor), Samples.Now, null));
    }

    [Theory]
    [InlineData("\"product\":", "\"Product\":")]
    [InlineData("\"id\":\"SN-0001\"", "\"id\":\"SN-0001\",\"extra\":true")]
    [InlineData("\"seats\":5", "\"seats\":50")]
    [InlineData("\"kind\":\"none\"", "\"kind\":\"none\",\"kind\":\"none\"")]
    [InlineData("{\"license\":", "{\"license\":{},\"license\":")]
    [InlineData("\"keyId\":", "\"extra\":1,\"keyId\":")]
    [InlineData("\"keyId\":", "\"keyid\":")]
    public void Unsigned_edits_are_refused(string from, string to)
    {
        var file = LicenseIssuer.Issue(Samples.Document(), vendor);
        Assert.Contains(from, file, StringComparison.Ordinal);

        var ex = Refused(file.Replace(from, to, StringComparison.Ordinal));

        Assert.Equal(LicenseErrorCodes.SignatureInvalid, ex.Code);
    }

    [Theory]
    [InlineData("")]
    [InlineData("null")]
    [InlineData("[]")]
    [InlineData("{}")]
    [InlineData("{\"license\":{},\"keyId\":\"x\"}")]
    [InlineData("{\"license\":\"x\",\"keyId\":\"x\",\"signature\":\"\"}")]
    [InlineData("{\"license\":{},\"keyId\":\"\\ud800\",\"signature\":\"\"}")]
    [InlineData("{\"license\":{},\"keyId\":\"x\",\"\\udc00\":1,\"signature\":\"\"}")]
    [InlineData("{\"license\":{\"\\ud800\":1},\"keyId\":\"x\",\"signature\":\"\"}")]
    public void Malformed_files_are_refused(string file)
    {
        Assert.Equal(LicenseErrorCodes.SignatureInvalid, Refused(file).Code);
    }

    [Theory]
    [InlineData("\"seats\":5", "\"seats\":0", "seats")]
    [InlineData("\"seats\":5", "\"seats\":-2", "seats")]
    [InlineData("\"cad.core\"", "\"-cad\"", "does not match")]
    [InlineData("\"cad.core\"", "\"cad core\"", "does not match")]
    [InlineData("\"cad.core\"", "\"CAD-RENDER_2\"", "more than once")]
    [InlineData("\"features\":[", "\"features\":[null,", "null")]
    [InlineData("\"borrowable\":true,\"distributable\":false", "\"borrowable\":false,\"distributable\":true", "borrowable")]
    [InlineData("\"expires\":\"2026-01-01T00:00:00+00:00\",", "", "expires")]
    [InlineData("\"id\":\"SN-0001\",", "\"id\":\"SN-0001\",\"extra\":1,", "extra")]
    [InlineData("\"edition\":\"enterprise\"", "\"edition\":\"Enterprise\"", "Enterprise")]
    [InlineData("\"kind\":\"none\",\"id\":null", "\"kind\":\"server\",\"id\":null", "binding id")]
    public void Signed_but_invalid_content_is_refused_at_verify_time(string from, string to, string mentioned)
    {
        var json = Samples.LicenseJsonText();
        Assert.Contains(from, json, StringComparison.Ordinal);
        var file = Samples.SignRaw(json.Replace(from, to, StringComparison.Ordinal), vendor);

        var ex = Refused(file);

        Assert.Equal(LicenseErrorCodes.SignatureInvalid, ex.Code);
        Assert.Contains(mentioned, ex.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Raw_signing_helper_produces_files_the_verifier_accepts()
    {
        // Guards the test above: its refusals must come from the edits, not from the helper.
        var file = Samples.SignRaw(Samples.LicenseJsonText(), vendor);

        Assert.Equal(Samples.Document(), LicenseVerifier.Verify(file, Samples.StoreOf(vendor), Samples.Now, null));
    }

    [Fact]
    public void Non_canonical_base64_signature_is_refused()
    {
        var file = LicenseIssuer.Issue(Samples.Document(), vendor);
        var signature = JsonDocument.Parse(file).RootElement.GetProperty("signature").GetString()!;
        Assert.Contains($"\"signature\":\"{signature}\"", file, StringComparison.Ordinal);

        // Whitespace inside base64 decodes to the same bytes, but the text is not canonical.
        var spaced = file.Replace(signature, signature[..4] + "\\n" + signature[4..], StringComparison.Ordinal);

        Assert.Equal(LicenseErrorCodes.SignatureInvalid, Refused(spaced).Code);
    }
}
