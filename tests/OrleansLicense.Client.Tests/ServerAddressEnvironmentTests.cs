using OrleansLicense.Client.Addresses;
using OrleansLicense.Client.Tests.Fakes;

namespace OrleansLicense.Client.Tests;

/// <summary>
/// R-CLI-2: server addresses come from <c>ORLEANSLICENSE_URL</c>, or from a vendor's own prefix (<c>ACME_URL</c>),
/// which wins when both are set.
/// </summary>
public sealed class ServerAddressEnvironmentTests
{
    private static Func<string, string?> Env(params (string Name, string Value)[] variables)
    {
        var map = variables.ToDictionary(v => v.Name, v => v.Value, StringComparer.Ordinal);
        return name => map.GetValueOrDefault(name);
    }

    [Fact]
    public void Reads_the_default_variable() =>
        Assert.Equal(
            new ServerAddressVariable("ORLEANSLICENSE_URL", "8273@a.example"),
            ServerAddressEnvironment.Find(null, Env(("ORLEANSLICENSE_URL", "8273@a.example"))));

    [Fact]
    public void The_vendor_variable_wins_when_both_are_set() =>
        Assert.Equal(
            new ServerAddressVariable("ACME_URL", "8273@vendor.example"),
            ServerAddressEnvironment.Find("ACME", Env(("ORLEANSLICENSE_URL", "8273@a.example"), ("ACME_URL", "8273@vendor.example"))));

    [Fact]
    public void Falls_back_to_the_default_when_the_vendor_variable_is_unset_or_blank()
    {
        Assert.Equal("ORLEANSLICENSE_URL", ServerAddressEnvironment.Find("ACME", Env(("ORLEANSLICENSE_URL", "8273@a.example")))?.Name);
        Assert.Equal("ORLEANSLICENSE_URL", ServerAddressEnvironment.Find("ACME", Env(("ORLEANSLICENSE_URL", "8273@a.example"), ("ACME_URL", "  ")))?.Name);
    }

    [Fact]
    public void Finds_nothing_when_nothing_is_set() =>
        Assert.Null(ServerAddressEnvironment.Find("ACME", Env()));

    [Theory]
    [InlineData("ACME", "ACME_URL")]
    [InlineData("acme", "ACME_URL")]
    [InlineData("Acme_", "ACME_URL")]
    [InlineData(" MY_VENDOR ", "MY_VENDOR_URL")]
    public void Names_the_vendor_variable(string prefix, string expected) =>
        Assert.Equal(expected, ServerAddressEnvironment.VariableName(prefix));

    [Theory]
    [InlineData("")]
    [InlineData("AC ME")]
    [InlineData("ACME-1")]
    public void Refuses_a_bad_prefix(string prefix) =>
        Assert.Throws<ArgumentException>(() => ServerAddressEnvironment.VariableName(prefix));

    [Fact]
    public async Task The_client_takes_its_servers_from_the_vendor_variable()
    {
        await using var client = new LicenseClient(new LicenseClientOptions
        {
            EnvironmentPrefix = "ACME",
            GetEnvironmentVariable = Env(("ORLEANSLICENSE_URL", "8273@a.example"), ("ACME_URL", "8273@[::1]:olic://localhost:9000")),
            TimeProvider = new ManualTimeProvider(),
        });

        Assert.Equal([new Uri("olic://[::1]:8273/"), new Uri("olic://localhost:9000/")], client.Servers);
        Assert.Null(client.CurrentServer);
        Assert.False(client.IsLoggedIn);
    }

    [Fact]
    public async Task Servers_given_in_code_win_over_the_environment()
    {
        await using var client = new LicenseClient(new LicenseClientOptions
        {
            Servers = "olic://localhost:9001",
            GetEnvironmentVariable = Env(("ORLEANSLICENSE_URL", "8273@a.example")),
        });

        Assert.Equal([new Uri("olic://localhost:9001/")], client.Servers);
    }

    [Fact]
    public void A_client_without_any_address_says_which_variable_to_set()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new LicenseClient(new LicenseClientOptions
        {
            EnvironmentPrefix = "ACME",
            GetEnvironmentVariable = Env(),
        }));

        Assert.Contains("ACME_URL", error.Message, StringComparison.Ordinal);
        Assert.Contains("ORLEANSLICENSE_URL", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_variable_names_the_variable_and_the_item()
    {
        var error = Assert.Throws<FormatException>(() => new LicenseClient(new LicenseClientOptions
        {
            GetEnvironmentVariable = Env(("ORLEANSLICENSE_URL", "8273@a.example,bogus")),
        }));

        Assert.Contains("ORLEANSLICENSE_URL", error.Message, StringComparison.Ordinal);
        Assert.Contains("'bogus'", error.Message, StringComparison.Ordinal);
    }
}
