using System.Net;
using System.Net.Sockets;
using OrleansLicense.Cli.Tests.Infrastructure;

namespace OrleansLicense.Cli.Tests.Admin;

/// <summary>How failures reach the user: one <c>error: code: sentence</c> line on stderr and a stable exit code.</summary>
public sealed class ErrorReportingTests
{
    [Fact]
    public async Task A_problem_details_answer_prints_its_code_and_detail_and_exits_1()
    {
        await using var api = await FakeAdminApi.StartAsync(TestContext.Current.CancellationToken);
        api.FailOnce("DELETE", "/api/v1/admin/sessions/s-1", 409, "seats_exhausted", "Feature 'draw' has 0 free seats; 1 requested.");

        var result = await Olic.RunAgainstAsync(api, "session", "remove", "s-1");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("error: seats_exhausted: Feature 'draw' has 0 free seats; 1 requested.\n", result.Stderr.ReplaceLineEndings("\n"));
        Assert.Equal("", result.Stdout);
    }

    [Fact]
    public async Task A_wrong_token_prints_unauthorized()
    {
        await using var api = await FakeAdminApi.StartAsync(TestContext.Current.CancellationToken);

        var result = await Olic.RunAsync("status", "--server", api.BaseUrl, "--token", "wrong");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("Bearer wrong", api.SingleRequest.Authorization);
        Assert.Equal("error: unauthorized: The admin token is missing or wrong.\n", result.Stderr.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task Maintenance_problem_on_any_admin_call_is_passed_through()
    {
        await using var api = await FakeAdminApi.StartAsync(TestContext.Current.CancellationToken);
        api.FailOnce("GET", "/api/v1/admin/status", 503, "no_quorum", "This silo sees 1 of 3 servers.");

        var result = await Olic.RunAgainstAsync(api, "status");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("error: no_quorum: This silo sees 1 of 3 servers.\n", result.Stderr.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task A_problem_without_detail_falls_back_to_its_title()
    {
        await using var api = await FakeAdminApi.StartAsync(TestContext.Current.CancellationToken);
        api.RespondOnce("GET", "/api/v1/admin/status", new CannedResponse(413, "application/problem+json", """{"status":413,"title":"Payload too large","code":"payload_too_large"}"""));

        var result = await Olic.RunAgainstAsync(api, "status");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("error: payload_too_large: Payload too large\n", result.Stderr.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task An_error_without_problem_details_gets_a_code_from_the_status()
    {
        await using var api = await FakeAdminApi.StartAsync(TestContext.Current.CancellationToken);
        api.RespondOnce("GET", "/api/v1/admin/status", new CannedResponse(502, "text/html", "<html>bad gateway</html>"));

        var result = await Olic.RunAgainstAsync(api, "status");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("error: http_502: the server answered 502 Bad Gateway\n", result.Stderr.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task A_success_that_is_not_the_documented_json_is_a_bad_response()
    {
        await using var api = await FakeAdminApi.StartAsync(TestContext.Current.CancellationToken);
        api.RespondOnce("GET", "/api/v1/admin/settings", new CannedResponse(200, "application/json", "[1, 2"));

        var result = await Olic.RunAgainstAsync(api, "settings", "get");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("error: bad_response: GET /api/v1/admin/settings answered JSON that is not a SettingsView", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_connection_prints_unreachable_with_the_url()
    {
        var url = $"http://127.0.0.1:{ClosedPort()}";

        var result = await Olic.RunAsync("license", "list", "--server", url, "--token", "t");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith($"error: unreachable: cannot reach {url}/: ", result.Stderr, StringComparison.Ordinal);
        Assert.Equal("", result.Stdout);
    }

    [Fact]
    public async Task A_cancelled_run_prints_cancelled_and_exits_130()
    {
        await using var api = await FakeAdminApi.StartAsync(TestContext.Current.CancellationToken);
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        var result = await Olic.RunAsync(new Dictionary<string, string>(), cancellation.Token, "status", "--server", api.BaseUrl, "--token", FakeAdminApi.Token);

        Assert.Equal(130, result.ExitCode);
        Assert.Equal("error: cancelled: interrupted.\n", result.Stderr.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task A_token_starting_with_at_is_taken_literally()
    {
        await using var api = await FakeAdminApi.StartAsync(TestContext.Current.CancellationToken);

        var result = await Olic.RunAsync("status", "--server", api.BaseUrl, "--token", "@not-a-file");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("Bearer @not-a-file", api.SingleRequest.Authorization);
    }

    [Fact]
    public async Task An_unknown_command_is_a_usage_error_with_exit_2()
    {
        var result = await Olic.RunAsync("licence", "list");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("error: usage: ", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("olic --help", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_goes_to_stdout_with_exit_0()
    {
        var result = await Olic.RunAsync("license", "import", "--help");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Import a signed license file.", result.Stdout, StringComparison.Ordinal);
        Assert.Equal("", result.Stderr);
    }

    /// <summary>A loopback port nothing listens on: bound by the OS, then released.</summary>
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
