using System.Text.Json;
using OrleansLicense.Cli.Tests.Infrastructure;
using OrleansLicense.Contracts;
using OrleansLicense.Contracts.Admin;
using OrleansLicense.Contracts.Sessions;

namespace OrleansLicense.Cli.Tests.Admin;

public sealed class SessionCommandTests
{
    private static readonly SessionView Ann = new(
        "s-ann",
        "acme-cad",
        "ann",
        "ws-17",
        "10.1.2.3",
        [new FeatureRequest("draw", 1), new FeatureRequest("print", 2)],
        new DateTimeOffset(2026, 5, 1, 8, 0, 0, TimeSpan.Zero),
        new DateTimeOffset(2026, 5, 1, 8, 59, 30, TimeSpan.Zero));

    [Fact]
    public async Task List_prints_one_row_per_session()
    {
        await using var api = await FakeAdminApi.StartAsync(TestContext.Current.CancellationToken);
        api.AddSession(Ann);
        api.AddSession(Ann with { SessionId = "s-bob", User = null, Host = null, Address = null, Features = [new FeatureRequest("draw", 1)] });

        var result = await Olic.RunAgainstAsync(api, "session", "list");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(("GET", "/api/v1/admin/sessions"), (api.SingleRequest.Method, api.SingleRequest.Path));
        Assert.Equal($"Bearer {FakeAdminApi.Token}", api.SingleRequest.Authorization);
        var lines = result.Stdout.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
        Assert.Equal(3, lines.Length);
        Assert.Matches(@"^SESSION\s+PRODUCT\s+USER\s+HOST\s+ADDRESS\s+FEATURES\s+SINCE\s+LAST HEARTBEAT$", lines[0]);
        Assert.Matches(@"^s-ann\s+acme-cad\s+ann\s+ws-17\s+10\.1\.2\.3\s+draw:1, print:2\s+2026-05-01 08:00:00Z\s+2026-05-01 08:59:30Z$", lines[1]);
        Assert.Matches(@"^s-bob\s+acme-cad\s+-\s+-\s+-\s+draw:1\s+", lines[2]);
    }

    [Fact]
    public async Task List_with_no_session_says_so()
    {
        await using var api = await FakeAdminApi.StartAsync(TestContext.Current.CancellationToken);

        var result = await Olic.RunAgainstAsync(api, "session", "list");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("No sessions.\n", result.Stdout.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task List_json_prints_the_array()
    {
        await using var api = await FakeAdminApi.StartAsync(TestContext.Current.CancellationToken);
        api.AddSession(Ann);

        var result = await Olic.RunAgainstAsync(api, "session", "list", "--json");

        Assert.Equal(0, result.ExitCode);
        var sessions = JsonSerializer.Deserialize(result.Stdout, ContractsJsonContext.Default.ListSessionView)!;
        Assert.Equal("s-ann", Assert.Single(sessions).SessionId);
    }

    [Fact]
    public async Task Remove_deletes_the_session()
    {
        await using var api = await FakeAdminApi.StartAsync(TestContext.Current.CancellationToken);
        api.AddSession(Ann);

        var result = await Olic.RunAgainstAsync(api, "session", "remove", "s-ann");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(("DELETE", "/api/v1/admin/sessions/s-ann"), (api.SingleRequest.Method, api.SingleRequest.Path));
        Assert.Equal($"Bearer {FakeAdminApi.Token}", api.SingleRequest.Authorization);
        Assert.False(api.HasSession("s-ann"));
        Assert.Equal("Removed session s-ann; its seats are back in the pool.\n", result.Stdout.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task Remove_of_an_unknown_session_prints_not_found_and_exits_1()
    {
        await using var api = await FakeAdminApi.StartAsync(TestContext.Current.CancellationToken);

        var result = await Olic.RunAgainstAsync(api, "session", "remove", "s-gone");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("error: not_found: Session 's-gone' is not known.\n", result.Stderr.ReplaceLineEndings("\n"));
    }
}
