using System.Text.Json;
using OrleansLicense.Cli.Tests.Infrastructure;
using OrleansLicense.Contracts;

namespace OrleansLicense.Cli.Tests.Admin;

public sealed class StatusAndModeTests
{
    [Fact]
    public async Task Status_gets_the_status_with_the_bearer_token_and_prints_mode_first()
    {
        await using var api = await FakeAdminApi.StartAsync(TestContext.Current.CancellationToken);

        var result = await Olic.RunAgainstAsync(api, "status");

        Assert.True(result.ExitCode == 0, result.ToString());
        var request = api.SingleRequest;
        Assert.Equal("GET", request.Method);
        Assert.Equal("/api/v1/admin/status", request.Path);
        Assert.Equal($"Bearer {FakeAdminApi.Token}", request.Authorization);
        var lines = result.Stdout.ReplaceLineEndings("\n").Split('\n');
        Assert.Equal("Mode:      normal", lines[0]);
        Assert.Contains($"Cluster:   {FakeAdminApi.ClusterId}", lines);
        Assert.Contains("Topology:  triad", lines);
        Assert.Contains("Licenses:  0", lines);
        Assert.Contains("Sessions:  0", lines);
        Assert.Contains(lines, l => l.StartsWith("SILO", StringComparison.Ordinal) && l.Contains("ACTIVATIONS", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("silo-a", StringComparison.Ordinal) && l.Contains("primary", StringComparison.Ordinal) && l.Contains("yes", StringComparison.Ordinal) && l.EndsWith("42", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.StartsWith("silo-c", StringComparison.Ordinal));
        Assert.Contains("(1 stopped or dead silo(s) not shown; 'olic status --dead' lists them.)", lines);
        Assert.Equal("", result.Stderr);
    }

    [Fact]
    public async Task Status_dead_lists_the_rows_of_dead_silos_too()
    {
        // Issue #14 item 16: dead rows behind a flag.
        await using var api = await FakeAdminApi.StartAsync(TestContext.Current.CancellationToken);

        var result = await Olic.RunAgainstAsync(api, "status", "--dead");

        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.Stdout.ReplaceLineEndings("\n").Split('\n');
        Assert.Contains(lines, l => l.StartsWith("silo-c", StringComparison.Ordinal) && l.Contains("dead", StringComparison.Ordinal) && l.Contains(" - ", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains("not shown", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Status_in_maintenance_says_so_loudly_on_the_first_line()
    {
        await using var api = await FakeAdminApi.StartAsync(TestContext.Current.CancellationToken);
        api.Settings = api.Settings with { Maintenance = true };

        var result = await Olic.RunAgainstAsync(api, "status");

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("Mode:      MAINTENANCE", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_json_prints_the_response_body_unchanged()
    {
        await using var api = await FakeAdminApi.StartAsync(TestContext.Current.CancellationToken);

        var result = await Olic.RunAgainstAsync(api, "status", "--json");

        Assert.Equal(0, result.ExitCode);
        var status = JsonSerializer.Deserialize(result.Stdout, ContractsJsonContext.Default.StatusView)!;
        Assert.Equal(FakeAdminApi.ClusterId, status.ClusterId);
        Assert.Equal("normal", status.Mode);
        Assert.Equal(2, status.Silos.Count);
        Assert.Equal(1, status.DeadSilos);
    }

    [Fact]
    public async Task Global_options_work_before_the_command_too()
    {
        await using var api = await FakeAdminApi.StartAsync(TestContext.Current.CancellationToken);

        var result = await Olic.RunAsync("--server", api.BaseUrl, "--token", FakeAdminApi.Token, "--json", "status");

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Stdout);
        Assert.Equal(FakeAdminApi.ClusterId, json.RootElement.GetProperty("clusterId").GetString());
    }

    [Theory]
    [InlineData("maintenance", true, "Mode: MAINTENANCE. New logins are refused; open sessions keep working.")]
    [InlineData("normal", false, "Mode: normal. Logins are accepted.")]
    public async Task Mode_puts_the_mode_and_reports_the_result(string mode, bool maintenance, string expectedLine)
    {
        await using var api = await FakeAdminApi.StartAsync(TestContext.Current.CancellationToken);
        api.Settings = api.Settings with { Maintenance = !maintenance };

        var result = await Olic.RunAgainstAsync(api, "mode", mode);

        Assert.True(result.ExitCode == 0, result.ToString());
        var request = api.SingleRequest;
        Assert.Equal("PUT", request.Method);
        Assert.Equal("/api/v1/admin/maintenance", request.Path);
        Assert.Equal($"Bearer {FakeAdminApi.Token}", request.Authorization);
        Assert.StartsWith("application/json", request.ContentType, StringComparison.Ordinal);
        Assert.Equal(mode, JsonDocument.Parse(request.Body).RootElement.GetProperty("mode").GetString());
        Assert.Equal(maintenance, api.Settings.Maintenance);
        Assert.Equal(expectedLine + "\n", result.Stdout.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task Mode_json_prints_the_settings_returned()
    {
        await using var api = await FakeAdminApi.StartAsync(TestContext.Current.CancellationToken);

        var result = await Olic.RunAgainstAsync(api, "mode", "maintenance", "--json");

        Assert.Equal(0, result.ExitCode);
        Assert.True(JsonSerializer.Deserialize(result.Stdout, ContractsJsonContext.Default.SettingsView)!.Maintenance);
    }

    [Fact]
    public async Task An_unknown_mode_is_a_usage_error_and_sends_nothing()
    {
        await using var api = await FakeAdminApi.StartAsync(TestContext.Current.CancellationToken);

        var result = await Olic.RunAgainstAsync(api, "mode", "holiday");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("error: usage: Argument 'holiday' not recognized. Must be one of: 'maintenance' 'normal'", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(api.Requests);
    }
}
