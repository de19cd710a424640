using System.Text.Json;
using OrleansLicense.Cli.Tests.Infrastructure;
using OrleansLicense.Contracts;
using OrleansLicense.Contracts.Admin;

namespace OrleansLicense.Cli.Tests.Admin;

public sealed class SettingsCommandTests
{
    private static readonly SettingsView Current = new(
        300,
        true,
        new Dictionary<string, BorrowRuleView> { ["acme-cad"] = new(720), ["acme-viewer"] = new(48) });

    [Fact]
    public async Task Get_prints_timeout_heartbeat_mode_and_rules()
    {
        await using var api = await FakeAdminApi.StartAsync(TestContext.Current.CancellationToken);
        api.Settings = Current;

        var result = await Olic.RunAgainstAsync(api, "settings", "get");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(("GET", "/api/v1/admin/settings"), (api.SingleRequest.Method, api.SingleRequest.Path));
        Assert.Equal($"Bearer {FakeAdminApi.Token}", api.SingleRequest.Authorization);
        var lines = result.Stdout.ReplaceLineEndings("\n").Split('\n');
        Assert.Contains("Client timeout:  300 s (clients heartbeat every 150 s)", lines);
        Assert.Contains("Maintenance:     yes", lines);
        Assert.Contains(lines, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^acme-cad\s+720$"));
        Assert.Contains(lines, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^acme-viewer\s+48$"));
    }

    [Fact]
    public async Task Get_json_prints_the_settings()
    {
        await using var api = await FakeAdminApi.StartAsync(TestContext.Current.CancellationToken);
        api.Settings = Current;

        var result = await Olic.RunAgainstAsync(api, "settings", "get", "--json");

        Assert.Equal(0, result.ExitCode);
        var settings = JsonSerializer.Deserialize(result.Stdout, ContractsJsonContext.Default.SettingsView)!;
        Assert.Equal(300, settings.ClientTimeoutSeconds);
        Assert.Equal(720, settings.BorrowRules["acme-cad"].MaxHours);
    }

    [Fact]
    public async Task Set_reads_changes_and_writes_back_keeping_what_was_not_changed()
    {
        await using var api = await FakeAdminApi.StartAsync(TestContext.Current.CancellationToken);
        api.Settings = Current;

        var result = await Olic.RunAgainstAsync(api, "settings", "set", "--client-timeout", "900", "--borrow-rule", "ACME-CAD=240", "--borrow-rule", "acme-cam=24");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal([("GET", "/api/v1/admin/settings"), ("PUT", "/api/v1/admin/settings")], api.Requests.Select(r => (r.Method, r.Path)));
        var put = api.Requests[1];
        Assert.Equal($"Bearer {FakeAdminApi.Token}", put.Authorization);
        Assert.StartsWith("application/json", put.ContentType, StringComparison.Ordinal);
        var sent = JsonSerializer.Deserialize(put.Body, ContractsJsonContext.Default.SettingsView)!;
        Assert.Equal(900, sent.ClientTimeoutSeconds);
        Assert.True(sent.Maintenance);

        // The existing rule is replaced under its existing spelling, not doubled.
        Assert.Equal(
            new Dictionary<string, int> { ["acme-cad"] = 240, ["acme-viewer"] = 48, ["acme-cam"] = 24 },
            sent.BorrowRules.ToDictionary(r => r.Key, r => r.Value.MaxHours));
        Assert.Equal(900, api.Settings.ClientTimeoutSeconds);
        Assert.StartsWith("Settings saved.", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("Client timeout:  900 s (clients heartbeat every 450 s)", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Set_can_remove_a_borrow_rule()
    {
        await using var api = await FakeAdminApi.StartAsync(TestContext.Current.CancellationToken);
        api.Settings = Current;

        var result = await Olic.RunAgainstAsync(api, "settings", "set", "--remove-borrow-rule", "acme-viewer", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var returned = JsonSerializer.Deserialize(result.Stdout, ContractsJsonContext.Default.SettingsView)!;
        Assert.Equal(["acme-cad"], returned.BorrowRules.Keys);
        Assert.Equal(300, returned.ClientTimeoutSeconds);
    }

    [Theory]
    [InlineData("--client-timeout must be between 60 s (1 minute) and 172800 s (48 hours), not 59.", "--client-timeout", "59")]
    [InlineData("--client-timeout must be between 60 s (1 minute) and 172800 s (48 hours), not 172801.", "--client-timeout", "172801")]
    [InlineData("--client-timeout must be a positive whole number, not '2m'.", "--client-timeout", "2m")]
    [InlineData("--borrow-rule 'acme' must be product=hours", "--borrow-rule", "acme")]
    [InlineData("the borrow hours of product 'acme' must be a positive whole number, not '0'.", "--borrow-rule", "acme=0")]
    [InlineData("nothing to change")]
    public async Task Bad_values_are_usage_errors_and_change_nothing(string message, params string[] args)
    {
        await using var api = await FakeAdminApi.StartAsync(TestContext.Current.CancellationToken);

        var result = await Olic.RunAgainstAsync(api, ["settings", "set", .. args]);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("error: usage: ", result.Stderr, StringComparison.Ordinal);
        Assert.Contains(message, result.Stderr, StringComparison.Ordinal);
        Assert.Empty(api.Requests);
    }

    [Fact]
    public async Task Removing_a_rule_that_does_not_exist_is_a_usage_error_and_puts_nothing()
    {
        await using var api = await FakeAdminApi.StartAsync(TestContext.Current.CancellationToken);
        api.Settings = Current;

        var result = await Olic.RunAgainstAsync(api, "settings", "set", "--remove-borrow-rule", "acme-typo");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("no borrow rule for product 'acme-typo'", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(api.Requests, r => r.Method == "PUT");
    }

    [Fact]
    public async Task A_rule_the_server_refuses_is_reported_with_its_code_and_exit_1()
    {
        await using var api = await FakeAdminApi.StartAsync(TestContext.Current.CancellationToken);

        var result = await Olic.RunAgainstAsync(api, "settings", "set", "--borrow-rule", "acme-cad=5000");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("error: bad_request: borrowRules.acme-cad.maxHours must be 1 to 4320, not 5000.\n", result.Stderr.ReplaceLineEndings("\n"));
    }
}
