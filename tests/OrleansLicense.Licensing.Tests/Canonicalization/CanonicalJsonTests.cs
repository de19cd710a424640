using System.Text;
using System.Text.Json;
using OrleansLicense.Licensing.Canonicalization;

namespace OrleansLicense.Licensing.Tests.Canonicalization;

public sealed class CanonicalJsonTests
{
    private static string Canonical(string json) => Encoding.UTF8.GetString(CanonicalJson.Canonicalize(json));

    [Fact]
    public void Key_order_and_whitespace_do_not_change_the_canonical_form()
    {
        var a = "{\"b\":1,\"a\":{\"y\":[1,2,{\"q\":true,\"p\":null}],\"x\":\"s\"}}";
        var b = " {\n  \"a\" : { \"x\" : \"s\" ,\r\n \"y\" : [ 1 , 2 , { \"p\" : null , \"q\" : true } ] } ,\t\"b\" : 1 }\n";

        Assert.Equal(Canonical(a), Canonical(b));
        Assert.Equal("{\"a\":{\"x\":\"s\",\"y\":[1,2,{\"p\":null,\"q\":true}]},\"b\":1}", Canonical(b));
    }

    [Fact]
    public void Array_order_is_kept()
    {
        Assert.NotEqual(Canonical("[1,2]"), Canonical("[2,1]"));
    }

    [Fact]
    public void Keys_are_sorted_ordinally_so_uppercase_comes_first()
    {
        Assert.Equal("{\"B\":1,\"a\":2,\"aa\":3}", Canonical("{\"aa\":3,\"a\":2,\"B\":1}"));
    }

    [Fact]
    public void Changed_key_casing_changes_the_canonical_form()
    {
        Assert.NotEqual(Canonical("{\"product\":\"x\"}"), Canonical("{\"Product\":\"x\"}"));
    }

    [Fact]
    public void Strings_are_re_escaped_with_the_fixed_rule()
    {
        Assert.Equal("\"é/<>&'\"", Canonical("\"\\u00e9\\/\\u003c\\u003E&\\u0027\""));
        Assert.Equal("\"\\\"\\\\\\b\\f\\n\\r\\t\\u0001\\u001f\"", Canonical("\"\\u0022\\\\\\u0008\\u000C\\n\\r\\t\\u0001\\u001F\""));
        Assert.Equal("\"😀\"", Canonical("\"\\ud83d\\ude00\""));
    }

    [Fact]
    public void Numbers_are_copied_from_their_raw_text()
    {
        Assert.Equal("[1.0,1,1e3,-0]", Canonical("[ 1.0 , 1 , 1e3 , -0 ]"));
    }

    [Fact]
    public void Duplicate_keys_are_refused()
    {
        Assert.Throws<JsonException>(() => CanonicalJson.Canonicalize("{\"a\":1,\"a\":2}"));
    }

    [Fact]
    public void Duplicate_keys_from_a_lenient_parse_are_refused_too()
    {
        using var lenient = JsonDocument.Parse("{\"a\":1,\"b\":{\"x\":1,\"x\":1}}");

        Assert.Throws<JsonException>(() => CanonicalJson.Canonicalize(lenient.RootElement));
    }

    [Theory]
    [InlineData("\"\\ud800\"")]
    [InlineData("{\"\\udc00\":1}")]
    public void Unpaired_surrogates_are_refused(string json)
    {
        Assert.Throws<JsonException>(() => CanonicalJson.Canonicalize(json));
    }

    [Theory]
    [InlineData("{\"a\":1,}")]
    [InlineData("{\"a\":1}/*c*/")]
    [InlineData("{\"a\":1} x")]
    public void Lenient_json_is_refused(string json)
    {
        Assert.ThrowsAny<JsonException>(() => CanonicalJson.Canonicalize(json));
    }

    [Fact]
    public void Utf8_bytes_and_text_inputs_agree()
    {
        var json = "{\"z\":\"é\",\"a\":[true,false]}";

        Assert.Equal(CanonicalJson.Canonicalize(json), CanonicalJson.Canonicalize(Encoding.UTF8.GetBytes(json)));
    }

    [Fact]
    public void Serialize_gives_the_canonical_form_of_the_serialised_value()
    {
        var bytes = CanonicalJson.Serialize(new { Zeta = 1, Alpha = "x" }, JsonSerializerOptions.Default);

        Assert.Equal("{\"Alpha\":\"x\",\"Zeta\":1}", Encoding.UTF8.GetString(bytes));
    }
}
