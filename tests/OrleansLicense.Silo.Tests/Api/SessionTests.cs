using System.Net;
using System.Net.Http.Json;
using OrleansLicense.Contracts.Admin;
using OrleansLicense.Contracts.Errors;
using OrleansLicense.Contracts.Sessions;
using OrleansLicense.Silo.Endpoints.Gateway;
using OrleansLicense.Silo.Tests.Infrastructure;

namespace OrleansLicense.Silo.Tests.Api;

/// <summary>R-SESS-1, R-SESS-2, R-SESS-5, R-SESS-6: login, seats, heartbeat, check-out, check-in, logout, admin removal.</summary>
public sealed class SessionTests(SiloFixture silo) : IClassFixture<SiloFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Login_answers_201_with_the_contract_shape()
    {
        var (product, license) = await ImportAsync(("draw", 3));

        using var response = await silo.Client.LoginAsync(product, ("draw", 1));

        await ApiCalls.AssertStatusAsync(response, HttpStatusCode.Created);
        var json = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;
        foreach (var name in new[] { "sessionId", "timeoutSeconds", "heartbeatIntervalSeconds", "licenseId", "features", "servers", "clusterId" })
        {
            Assert.True(json.TryGetProperty(name, out _), $"missing '{name}'");
        }

        var login = System.Text.Json.JsonSerializer.Deserialize<LoginResponse>(json, System.Text.Json.JsonSerializerOptions.Web)!;
        Assert.Equal(SessionIds.IssuedLength, login.SessionId.Length);
        Assert.Equal($"/api/v1/sessions/{login.SessionId}", response.Headers.Location?.OriginalString);
        Assert.Equal(120, login.TimeoutSeconds);
        Assert.Equal(60, login.HeartbeatIntervalSeconds);
        Assert.Equal(license, login.LicenseId);
        Assert.Equal([new FeatureRequest("draw", 1)], login.Features);
        Assert.Equal(["http://127.0.0.1:8273", $"olic://127.0.0.1:{silo.Factory.GatewayPort}"], login.Servers);
        Assert.Equal("default", login.ClusterId);
        Assert.Equal(1, await silo.Admin.UsedAsync(license, "draw"));
    }

    [Fact]
    public async Task Session_ids_are_random()
    {
        var (product, _) = await ImportAsync(("draw", 10));

        var a = await silo.Client.LoginOkAsync(product, ("draw", 1));
        var b = await silo.Client.LoginOkAsync(product, ("draw", 1));

        Assert.NotEqual(a.SessionId, b.SessionId);
    }

    [Fact]
    public async Task Seats_are_counted_and_a_full_feature_is_409_seats_exhausted_naming_it()
    {
        var (product, license) = await ImportAsync(("draw", 2));

        await silo.Client.LoginOkAsync(product, ("draw", 1));
        await silo.Client.LoginOkAsync(product, ("draw", 1));
        using var third = await silo.Client.LoginAsync(product, ("draw", 1));

        var problem = await ApiCalls.AssertProblemAsync(third, HttpStatusCode.Conflict, ErrorCodes.SeatsExhausted);
        Assert.Contains("'draw'", problem.Detail, StringComparison.Ordinal);
        var view = await silo.Admin.GetLicenseAsync(license);
        var draw = view.Features.Single();
        Assert.Equal((2, 2, 0), (draw.Seats, draw.Used, draw.Free));
    }

    [Fact]
    public async Task An_unknown_product_is_404_not_found()
    {
        using var response = await silo.Client.LoginAsync("no-such-product", ("draw", 1));

        await ApiCalls.AssertProblemAsync(response, HttpStatusCode.NotFound, ErrorCodes.NotFound);
    }

    [Fact]
    public async Task A_login_takes_all_features_or_none()
    {
        var (product, license) = await ImportAsync(("draw", 5), ("render", 1));
        await silo.Client.LoginOkAsync(product, ("render", 1));

        using var both = await silo.Client.LoginAsync(product, ("draw", 2), ("render", 1));

        var problem = await ApiCalls.AssertProblemAsync(both, HttpStatusCode.Conflict, ErrorCodes.SeatsExhausted);
        Assert.Contains("'render'", problem.Detail, StringComparison.Ordinal);
        Assert.Equal(0, await silo.Admin.UsedAsync(license, "draw"));
        Assert.Equal(1, await silo.Admin.UsedAsync(license, "render"));
    }

    [Fact]
    public async Task Heartbeat_answers_200_with_the_timeout_and_interval()
    {
        var (product, _) = await ImportAsync(("draw", 1));
        var login = await silo.Client.LoginOkAsync(product, ("draw", 1));

        using var response = await silo.Client.HeartbeatAsync(login.SessionId);

        await ApiCalls.AssertStatusAsync(response, HttpStatusCode.OK);
        var heartbeat = await response.Content.ReadFromJsonAsync<HeartbeatResponse>(Ct);
        Assert.Equal(new HeartbeatResponse(120, 60), heartbeat);
    }

    [Fact]
    public async Task Calls_on_an_unknown_session_are_404_not_found()
    {
        using var heartbeat = await silo.Client.HeartbeatAsync("0123456789abcdef0123456789abcdef");
        using var malformed = await silo.Client.HeartbeatAsync("not%20an%20id");

        await ApiCalls.AssertProblemAsync(heartbeat, HttpStatusCode.NotFound, ErrorCodes.NotFound);
        await ApiCalls.AssertProblemAsync(malformed, HttpStatusCode.NotFound, ErrorCodes.NotFound);
    }

    [Fact]
    public async Task Check_out_takes_more_seats_and_check_in_returns_them()
    {
        var (product, license) = await ImportAsync(("draw", 2), ("print", 3));
        var login = await silo.Client.LoginOkAsync(product, ("draw", 1));

        using var checkOut = await silo.Client.PostAsJsonAsync(
            $"/api/v1/sessions/{login.SessionId}/features", new CheckOutRequest([new FeatureRequest("print", 2)]), Ct);

        await ApiCalls.AssertStatusAsync(checkOut, HttpStatusCode.OK);
        var held = (await checkOut.Content.ReadFromJsonAsync<CheckOutResponse>(Ct))!.Features;
        Assert.Contains(new FeatureRequest("draw", 1), held);
        Assert.Contains(new FeatureRequest("print", 2), held);
        Assert.Equal(2, await silo.Admin.UsedAsync(license, "print"));

        using var tooMany = await silo.Client.PostAsJsonAsync(
            $"/api/v1/sessions/{login.SessionId}/features", new CheckOutRequest([new FeatureRequest("print", 2)]), Ct);
        await ApiCalls.AssertProblemAsync(tooMany, HttpStatusCode.Conflict, ErrorCodes.SeatsExhausted);

        using var checkIn = await silo.Client.DeleteAsync($"/api/v1/sessions/{login.SessionId}/features/print", Ct);

        await ApiCalls.AssertStatusAsync(checkIn, HttpStatusCode.NoContent);
        Assert.Equal(0, await silo.Admin.UsedAsync(license, "print"));
        Assert.Equal(1, await silo.Admin.UsedAsync(license, "draw"));
    }

    [Fact]
    public async Task Logout_returns_the_seats_and_a_second_logout_is_204_or_410()
    {
        var (product, license) = await ImportAsync(("draw", 1));
        var login = await silo.Client.LoginOkAsync(product, ("draw", 1));

        using var first = await silo.Client.LogoutAsync(login.SessionId);
        using var second = await silo.Client.LogoutAsync(login.SessionId);
        using var heartbeat = await silo.Client.HeartbeatAsync(login.SessionId);

        await ApiCalls.AssertStatusAsync(first, HttpStatusCode.NoContent);
        Assert.Contains(second.StatusCode, new[] { HttpStatusCode.NoContent, HttpStatusCode.Gone });
        Assert.Equal(0, await silo.Admin.UsedAsync(license, "draw"));
        await ApiCalls.AssertProblemAsync(heartbeat, HttpStatusCode.Gone, ErrorCodes.SessionExpired);
        await silo.Client.LoginOkAsync(product, ("draw", 1));
    }

    [Fact]
    public async Task Sessions_are_listed_for_administrators()
    {
        var (product, _) = await ImportAsync(("draw", 1));
        var login = await silo.Client.LoginOkAsync(product, ("draw", 1));

        var sessions = await silo.Admin.GetFromJsonAsync<List<SessionView>>("/api/v1/admin/sessions", Ct);

        var session = Assert.Single(sessions!, s => s.SessionId == login.SessionId);
        Assert.Equal(product, session.Product);
        Assert.Equal("ann", session.User);
        Assert.Equal("ws-17", session.Host);
        Assert.Equal("127.0.0.1", session.Address);
        Assert.Equal([new FeatureRequest("draw", 1)], session.Features);
        Assert.Equal(silo.Clock.GetUtcNow(), session.Since);
    }

    [Fact]
    public async Task An_administrator_removes_a_session_its_seats_return_and_the_client_gets_410()
    {
        var (product, license) = await ImportAsync(("draw", 1));
        var login = await silo.Client.LoginOkAsync(product, ("draw", 1));

        using var remove = await silo.Admin.DeleteAsync($"/api/v1/admin/sessions/{login.SessionId}", Ct);
        using var heartbeat = await silo.Client.HeartbeatAsync(login.SessionId);
        using var again = await silo.Admin.DeleteAsync($"/api/v1/admin/sessions/{login.SessionId}", Ct);

        await ApiCalls.AssertStatusAsync(remove, HttpStatusCode.NoContent);
        await ApiCalls.AssertProblemAsync(heartbeat, HttpStatusCode.Gone, ErrorCodes.SessionExpired);
        await ApiCalls.AssertProblemAsync(again, HttpStatusCode.NotFound, ErrorCodes.NotFound);
        Assert.Equal(0, await silo.Admin.UsedAsync(license, "draw"));
    }

    [Fact]
    public async Task Removing_an_unknown_session_is_404_not_found()
    {
        using var response = await silo.Admin.DeleteAsync("/api/v1/admin/sessions/0123456789abcdef0123456789abcdef", Ct);

        await ApiCalls.AssertProblemAsync(response, HttpStatusCode.NotFound, ErrorCodes.NotFound);
    }

    [Fact]
    public async Task The_gateways_are_this_silo_as_configured_whatever_host_the_request_names()
    {
        // Issue #14 item 4: a forged Host header used to be copied into the list; issue #13 item 1: both kinds of address.
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/cluster/gateways") { Headers = { Host = "evil.example:666" } };
        using var response = await silo.Client.SendAsync(request, Ct);
        var gateways = await response.Content.ReadFromJsonAsync<OrleansLicense.Contracts.Cluster.GatewaysResponse>(Ct);

        Assert.Equal("default", gateways!.ClusterId);
        Assert.Equal(["http://127.0.0.1:8273", $"olic://127.0.0.1:{silo.Factory.GatewayPort}"], gateways.Gateways);
    }

    [Fact]
    public async Task Status_shows_one_active_leader_silo_with_its_activations()
    {
        await ImportAsync(("draw", 1));

        var status = await silo.Admin.GetFromJsonAsync<StatusView>("/api/v1/admin/status", Ct);

        Assert.Equal("single", status!.Topology);
        Assert.Equal("default", status.ClusterId);
        Assert.Equal("normal", status.Mode);
        var node = Assert.Single(status.Silos);
        Assert.Equal("active", node.Status);
        Assert.True(node.IsLeader);
        Assert.True(node.Activations > 0);
        Assert.True(status.Licenses >= 1);
        Assert.False(string.IsNullOrWhiteSpace(status.Version));
    }

    private async Task<(string Product, string LicenseId)> ImportAsync(params (string Name, int Seats)[] features)
    {
        var product = $"prod-{Guid.NewGuid():N}"[..16];
        var view = await silo.Admin.ImportOkAsync(silo.Vendor.Issue(product, silo.Clock.GetUtcNow(), features));
        return (product, view.Id);
    }
}
