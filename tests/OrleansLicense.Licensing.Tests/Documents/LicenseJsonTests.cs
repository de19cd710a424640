using System.Text.Json;
using OrleansLicense.Licensing.Documents;
using OrleansLicense.Licensing.Tests.Support;

namespace OrleansLicense.Licensing.Tests.Documents;

public sealed class LicenseJsonTests
{
    [Fact]
    public void Serialises_camel_case_with_lowercase_enums_and_explicit_nulls()
    {
        var json = Samples.LicenseJsonText(Samples.Document(LicenseBinding.ToCluster("c-1")) with { Expires = null });

        Assert.Contains("\"edition\":\"enterprise\"", json, StringComparison.Ordinal);
        Assert.Contains("\"binding\":{\"kind\":\"cluster\",\"id\":\"c-1\"}", json, StringComparison.Ordinal);
        Assert.Contains("\"expires\":null", json, StringComparison.Ordinal);
        Assert.Contains("\"issuedAt\":", json, StringComparison.Ordinal);
        Assert.Contains("\"forcedAuthenticationHours\":8", json, StringComparison.Ordinal);
        Assert.Contains("\"features\":[{\"name\":\"cad.core\",\"seats\":5}", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Round_trips_to_an_equal_document()
    {
        var document = Samples.Document(LicenseBinding.ToServer("srv-1"));
        using var parsed = JsonDocument.Parse(LicenseJson.SerializeToUtf8Bytes(document));

        Assert.Equal(document, LicenseJson.Deserialize(parsed.RootElement));
    }

    [Theory]
    [InlineData("\"edition\":\"enterprise\"", "\"edition\":\"Enterprise\"")]
    [InlineData("\"edition\":\"enterprise\"", "\"edition\":1")]
    [InlineData("\"kind\":\"none\"", "\"kind\":\"None\"")]
    [InlineData("\"seats\":5", "\"seats\":\"5\"")]
    [InlineData("\"seats\":5", "\"seats\":5.5")]
    [InlineData("\"id\":\"SN-0001\"", "\"id\":null")]
    [InlineData("\"id\":\"SN-0001\",", "")]
    [InlineData("\"expires\":\"2026-01-01T00:00:00+00:00\",", "")]
    [InlineData("\"product\":", "\"Product\":")]
    [InlineData("\"id\":\"SN-0001\",", "\"id\":\"SN-0001\",\"extra\":1,")]
    [InlineData("\"id\":\"SN-0001\",", "\"id\":\"SN-0001\",\"id\":\"SN-0002\",")]
    public void Reading_is_strict(string from, string to)
    {
        var json = Samples.LicenseJsonText();
        Assert.Contains(from, json, StringComparison.Ordinal);
        using var parsed = JsonDocument.Parse(json.Replace(from, to, StringComparison.Ordinal));

        Assert.ThrowsAny<JsonException>(() => LicenseJson.Deserialize(parsed.RootElement));
    }
}
