using OrleansLicense.Client.Addresses;

namespace OrleansLicense.Client.Tests;

public sealed class ServerAddressParserTests
{
    [Theory]
    // The two forms of R-CLI-3, separated by colons as in the spec.
    [InlineData("olic://192.168.1.1:8273:olic://192.168.1.2:8273", "olic://192.168.1.1:8273/ olic://192.168.1.2:8273/")]
    [InlineData("8273@192.168.1.1:8273@192.168.1.2", "olic://192.168.1.1:8273/ olic://192.168.1.2:8273/")]
    // The same with commas.
    [InlineData("olic://192.168.1.1:8273,olic://192.168.1.2:8273", "olic://192.168.1.1:8273/ olic://192.168.1.2:8273/")]
    [InlineData("8273@192.168.1.1,8273@192.168.1.2", "olic://192.168.1.1:8273/ olic://192.168.1.2:8273/")]
    // Mixed forms and mixed separators.
    [InlineData("olic://a.example:8273,8273@b.example:olic://c.example:9000", "olic://a.example:8273/ olic://b.example:8273/ olic://c.example:9000/")]
    [InlineData("olic://a.example:8273:8274@b.example", "olic://a.example:8273/ olic://b.example:8274/")]
    [InlineData("olic://a.example:olic://b.example", "olic://a.example:30000/ olic://b.example:30000/")]
    [InlineData("127.0.0.1:8273,127.0.0.2:8274", "olic://127.0.0.1:8273/ olic://127.0.0.2:8274/")]
    [InlineData("localhost:8273:olic://localhost:8274", "olic://localhost:8273/ olic://localhost:8274/")]
    // IPv6 in brackets, in every form.
    [InlineData("olic://[::1]:8273", "olic://[::1]:8273/")]
    [InlineData("8273@[::1]", "olic://[::1]:8273/")]
    [InlineData("http://[::1]:8273", "http://[::1]:8273/")]
    [InlineData("[::1]:8273", "olic://[::1]:8273/")]
    [InlineData("olic://[::1]:8273:8274@[::1]", "olic://[::1]:8273/ olic://[::1]:8274/")]
    [InlineData("olic://[2001:db8::5]:8273,[2001:db8::6]:8273", "olic://[2001:db8::5]:8273/ olic://[2001:db8::6]:8273/")]
    [InlineData("8273@[::1]:8274@[::1]", "olic://[::1]:8273/ olic://[::1]:8274/")]
    // Schemes and default ports: olic:// is an Orleans gateway, port 30000 by default (issue #13 item 1); http(s):// the HTTP API.
    [InlineData("olic://lic.example.com", "olic://lic.example.com:30000/")]
    [InlineData("https://lic.example.com:8276", "https://lic.example.com:8276/")]
    [InlineData("https://lic.example.com", "https://lic.example.com/")]
    [InlineData("http://gw.example:8080/olic", "http://gw.example:8080/olic/")]
    [InlineData("HTTPS://gw.example/olic/", "https://gw.example/olic/")]
    [InlineData("OLIC://A.Example:8273", "olic://a.example:8273/")]
    [InlineData("65535@a.example", "olic://a.example:65535/")]
    // Whitespace around items and separators.
    [InlineData("  olic://a.example:8273 ,  olic://b.example:8273  ", "olic://a.example:8273/ olic://b.example:8273/")]
    [InlineData("olic://a.example:8273 : 8273@b.example", "olic://a.example:8273/ olic://b.example:8273/")]
    [InlineData("\tolic://a.example:8273\n,\n8273@b.example\t", "olic://a.example:8273/ olic://b.example:8273/")]
    // Duplicates keep their first place, whatever form they are written in.
    [InlineData("olic://b.example:8273,olic://a.example:8273,olic://b.example:8273", "olic://b.example:8273/ olic://a.example:8273/")]
    // Empty items are ignored.
    [InlineData(",,olic://a.example:8273,,:,", "olic://a.example:8273/")]
    [InlineData("olic://a.example:8273::olic://b.example:8273", "olic://a.example:8273/ olic://b.example:8273/")]
    [InlineData("", "")]
    [InlineData("  , : ", "")]
    public void Parses_every_accepted_form(string input, string expected)
    {
        var actual = ServerAddressParser.Parse(input).Select(u => u.ToString()).ToArray();

        Assert.Equal(expected.Split(' ', StringSplitOptions.RemoveEmptyEntries), actual);
    }

    [Theory]
    [InlineData("ftp://a.example:21", "ftp://a.example:21")]
    [InlineData("olic://", "olic://")]
    [InlineData("8273@", "8273@")]
    [InlineData("@a.example", "@a.example")]
    [InlineData("99999@a.example", "99999@a.example")]
    [InlineData("olic://a.example:0", "olic://a.example:0")]
    [InlineData("olic://a.example:8273x", "olic://a.example:8273x")]
    [InlineData("olic://a.example:8273,not an address", "not an address")]
    [InlineData("olic://a.example:8273:garbage", "garbage")]
    [InlineData("olic://a.example:8273,8274", "8274")]
    [InlineData("a.example", "a.example")]
    [InlineData("[::1", "[::1")]
    [InlineData("olic://[zz::1]:8273", "olic://[zz::1]:8273")]
    [InlineData("8273@[192.168.1.1]", "8273@[192.168.1.1]")]
    [InlineData("olic://a.example:8273;olic://b.example:8273", "olic://a.example:8273;olic://b.example:8273")]
    [InlineData("http://a.example:8273/x?y=1", "http://a.example:8273/x?y=1")]
    [InlineData("olic://a b:8273", "olic://a b:8273")]
    public void Refuses_garbage_naming_the_bad_item(string input, string badItem)
    {
        var error = Assert.Throws<FormatException>(() => ServerAddressParser.Parse(input));

        Assert.Contains($"'{badItem}'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    // One list holds one kind: Orleans gateways or HTTP URLs (issue #13 item 1).
    [InlineData("8273@a.example:olic://b.example:8274,http://c.example:80")]
    [InlineData("olic://a.example:8273,8273@a.example,http://a.example:8273/")]
    public void Refuses_a_list_that_mixes_Orleans_gateways_and_HTTP_urls(string input)
    {
        var error = Assert.Throws<FormatException>(() => ServerAddressParser.Parse(input));

        Assert.Contains("mixes Orleans gateways", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Keeps_six_addresses_and_warns_about_the_rest()
    {
        var input = string.Join(':', Enumerable.Range(1, 8).Select(i => $"olic://10.0.0.{i}:8273"));

        var result = ServerAddressParser.ParseDetailed(input);

        Assert.Equal(ServerAddressParser.MaxAddresses, result.Addresses.Count);
        Assert.Equal(new Uri("olic://10.0.0.6:8273/"), result.Addresses[^1]);
        var warning = Assert.Single(result.Warnings);
        Assert.Contains("olic://10.0.0.7:8273/", warning, StringComparison.Ordinal);
        Assert.Contains("olic://10.0.0.8:8273/", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicates_do_not_count_towards_the_limit()
    {
        var input = "8273@h1,8273@h1," + string.Join(',', Enumerable.Range(2, 5).Select(i => $"8273@h{i}"));

        var result = ServerAddressParser.ParseDetailed(input);

        Assert.Equal(6, result.Addresses.Count);
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void Six_or_fewer_give_no_warning() =>
        Assert.Empty(ServerAddressParser.ParseDetailed("olic://a.example:8273").Warnings);
}
