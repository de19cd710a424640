using System.Text.Json;
using OrleansLicense.Cli.Tests.Infrastructure;
using OrleansLicense.Licensing.Documents;
using OrleansLicense.Licensing.Signing;

namespace OrleansLicense.Cli.Tests.Triad;

/// <summary>
/// <c>olic vendor issue --bind triad:ID</c> (R-LIC-3) and <c>olic triad …</c> (R-TRI-3): what the CLI signs, sends and
/// shows, against the admin API over a real socket.
/// </summary>
public sealed class TriadCommandTests : IDisposable
{
    private const string TriadJson = """
        {"id":"plant-7","name":"Plant 7","active":"lic1","quorum":true,"answeredBy":"10.0.0.12:11111","licenses":1,"activeSince":"2026-12-05T07:00:00+00:00","failovers":2,"createdAt":"2026-12-05T06:00:00+00:00",
         "servers":[{"silo":"lic1","role":"primary","status":"active","isActive":true,"addresses":["10.0.0.11:11111","http://10.0.0.11:8273"],"siloPort":11111,"httpPort":8273,"licenses":1},
                    {"silo":"lic2","role":"secondary","status":"active","isActive":false,"addresses":["10.0.0.12:11111","http://10.0.0.12:8273"],"siloPort":11111,"httpPort":8273,"licenses":1},
                    {"silo":"lic3","role":"tertiary","status":"dead","isActive":false,"addresses":["10.0.0.13:11111"],"siloPort":11111,"httpPort":null,"licenses":1}]}
        """;

    private readonly TempFolder output = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => output.Dispose();

    [Fact]
    public async Task Issue_binds_to_a_triad_that_a_triad_of_that_id_accepts_whatever_its_servers()
    {
        using var keys = await VendorKeys.CreateAsync();
        var path = output.Combine("triad.lic");

        var result = await Olic.RunAsync("vendor", "issue", "--key", keys.PrivateKeyPath, "--product", "acme-cad", "--feature", "draw=5", "--edition", "enterprise", "--bind", "triad:plant-7", "--out", path);

        Assert.True(result.ExitCode == 0, result.ToString());
        var text = File.ReadAllText(path);
        var document = LicenseVerifier.Verify(text, keys.TrustedKeys, DateTimeOffset.UtcNow, new ServerIdentity("srv-new", "c", IsTriad: true, TriadId: "plant-7"));
        Assert.Equal(LicenseBinding.ToTriad("plant-7"), document.Binding);
        var single = Assert.Throws<LicenseValidationException>(() => LicenseVerifier.Verify(text, keys.TrustedKeys, DateTimeOffset.UtcNow, new ServerIdentity("srv-1", null, IsTriad: false)));
        Assert.Equal(LicenseErrorCodes.BindingMismatch, single.Code);
    }

    [Theory]
    [InlineData("triad:")]
    [InlineData("galaxy:x")]
    [InlineData("triad")]
    public async Task A_bind_without_a_known_kind_and_an_id_is_a_usage_error(string bind)
    {
        using var keys = await VendorKeys.CreateAsync();

        var result = await Olic.RunAsync("vendor", "issue", "--key", keys.PrivateKeyPath, "--product", "p", "--feature", "draw=5", "--bind", bind, "--out", output.Combine("x.lic"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--bind", result.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(output.Combine("x.lic")));
    }

    [Fact]
    public async Task Create_sends_the_three_silos_and_the_license_documents()
    {
        using var keys = await VendorKeys.CreateAsync();
        var license = output.Combine("t.lic");
        Assert.Equal(0, (await Olic.RunAsync("vendor", "issue", "--key", keys.PrivateKeyPath, "--product", "p", "--feature", "draw=5", "--edition", "enterprise", "--bind", "triad:plant-7", "--out", license)).ExitCode);
        await using var api = await FakeAdminApi.StartAsync(Ct);
        api.RespondOnce("POST", "/api/v1/admin/triad", new CannedResponse(201, "application/json", $$"""{"triad":{{TriadJson}},"licenses":[]}"""));

        var result = await Olic.RunAgainstAsync(api, "triad", "create", "--name", "Plant 7", "--id", "plant-7", "--primary", "lic1", "--secondary", "lic2", "--tertiary", "10.0.0.13:11111", "--license", license);

        Assert.True(result.ExitCode == 0, result.ToString());
        var body = JsonDocument.Parse(api.SingleRequest.Body).RootElement;
        Assert.Equal("plant-7", body.GetProperty("id").GetString());
        Assert.Equal("lic1", body.GetProperty("primary").GetString());
        Assert.Equal("10.0.0.13:11111", body.GetProperty("tertiary").GetString());
        var sent = body.GetProperty("licenses")[0].GetRawText();
        Assert.Equal(LicenseBinding.ToTriad("plant-7"), LicenseVerifier.Verify(sent, keys.TrustedKeys, DateTimeOffset.UtcNow, new ServerIdentity("s", "c", true, "plant-7")).Binding);
        Assert.Contains("Active:    lic1", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_draws_each_server_with_role_status_and_the_active_one()
    {
        await using var api = await FakeAdminApi.StartAsync(Ct);
        api.RespondOnce("GET", "/api/v1/admin/triad", new CannedResponse(200, "application/json", TriadJson));

        var result = await Olic.RunAgainstAsync(api, "triad", "show");

        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.Stdout.Split('\n');
        Assert.Contains(lines, l => l.StartsWith("primary", StringComparison.Ordinal) && l.Contains("lic1", StringComparison.Ordinal) && l.Contains("yes", StringComparison.Ordinal) && l.Contains("http://10.0.0.11:8273", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("tertiary", StringComparison.Ordinal) && l.Contains("dead", StringComparison.Ordinal));
        Assert.Contains("Failovers: 2", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refusal_prints_its_code_and_fails()
    {
        await using var api = await FakeAdminApi.StartAsync(Ct);
        api.FailOnce("POST", "/api/v1/admin/triad/replace", 409, "triad_node_alive", "The secondary lic2 is still active.");

        var result = await Olic.RunAgainstAsync(api, "triad", "replace", "lic2", "--with", "lic4");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("triad_node_alive", result.Stderr, StringComparison.Ordinal);
        var body = JsonDocument.Parse(api.SingleRequest.Body).RootElement;
        Assert.Equal("lic2", body.GetProperty("node").GetString());
        Assert.Equal("lic4", body.GetProperty("with").GetString());
    }

    [Fact]
    public async Task Dissolve_moves_the_licenses_to_the_server_given_with_its_token()
    {
        // R-TRI-3: move = imported on the server --to with --to-token, then deactivated here.
        await using var api = await FakeAdminApi.StartAsync(Ct);
        api.RespondOnce("DELETE", "/api/v1/admin/triad", new CannedResponse(200, "application/json", """{"dissolved":"plant-7","name":"Plant 7","licenses":"move","affected":["SN-1"],"movedTo":"http://127.0.0.1:9/"}"""));

        var result = await Olic.RunAgainstAsync(api, "triad", "dissolve", "--licenses", "move", "--to", "http://127.0.0.1:9", "--to-token", "t0ken");

        Assert.True(result.ExitCode == 0, result.ToString());
        var body = JsonDocument.Parse(api.SingleRequest.Body).RootElement;
        Assert.Equal("http://127.0.0.1:9", body.GetProperty("to").GetString());
        Assert.Equal("t0ken", body.GetProperty("toToken").GetString());
        Assert.Contains("Moved to http://127.0.0.1:9/", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("SN-1", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dissolve_with_move_needs_the_target_and_its_token()
    {
        await using var api = await FakeAdminApi.StartAsync(Ct);

        var result = await Olic.RunAgainstAsync(api, "triad", "dissolve", "--licenses", "move", "--to", "http://127.0.0.1:9");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("--to-token", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(api.Requests);
    }

    [Fact]
    public async Task Dissolve_asks_for_the_license_option()
    {
        await using var api = await FakeAdminApi.StartAsync(Ct);
        api.RespondOnce("DELETE", "/api/v1/admin/triad", new CannedResponse(200, "application/json", """{"dissolved":"plant-7","name":"Plant 7","licenses":"deactivate","affected":["SN-1"]}"""));

        var result = await Olic.RunAgainstAsync(api, "triad", "dissolve", "--licenses", "deactivate");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("DELETE", api.SingleRequest.Method);
        Assert.Contains("SN-1", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("licenses: deactivate", result.Stdout, StringComparison.Ordinal);
    }
}
