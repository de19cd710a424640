using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using OrleansLicense.Contracts.Errors;
using OrleansLicense.Contracts.Sessions;
using OrleansLicense.Silo.Endpoints.Gateway;
using OrleansLicense.Silo.Tests.Infrastructure;
using OrleansLicense.Storage;

namespace OrleansLicense.Silo.Tests.Api;

/// <summary>
/// An ended session leaves no stored row (a row per login would pile up for good, about 1 KB each, issue #12): its
/// grid-tagged id alone answers its late calls 410 session_expired, as API.md promises, while an id this grid never
/// issued stays 404.
/// </summary>
public sealed class EndedSessionTests(SiloFixture silo) : IClassFixture<SiloFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private SessionIds Ids => silo.Factory.Services.GetRequiredService<SessionIds>();

    [Fact]
    public async Task A_logged_out_session_leaves_no_row_and_its_late_calls_answer_session_expired()
    {
        var product = await ImportAsync();
        var login = await silo.Client.LoginOkAsync(product, ("draw", 1));
        Assert.True(await StoredAsync(login.SessionId));

        using (var logout = await silo.Client.LogoutAsync(login.SessionId))
        {
            await ApiCalls.AssertStatusAsync(logout, HttpStatusCode.NoContent);
        }

        Assert.False(await StoredAsync(login.SessionId));
        using var heartbeat = await silo.Client.HeartbeatAsync(login.SessionId);
        await ApiCalls.AssertProblemAsync(heartbeat, HttpStatusCode.Gone, ErrorCodes.SessionExpired);
        using var again = await silo.Client.LogoutAsync(login.SessionId);
        await ApiCalls.AssertProblemAsync(again, HttpStatusCode.Gone, ErrorCodes.SessionExpired);
        using var removed = await silo.Admin.DeleteAsync($"/api/v1/admin/sessions/{login.SessionId}", Ct);
        await ApiCalls.AssertProblemAsync(removed, HttpStatusCode.NotFound, ErrorCodes.NotFound);
    }

    [Fact]
    public async Task A_session_removed_by_an_administrator_leaves_no_row_and_its_client_is_told_it_expired()
    {
        var product = await ImportAsync();
        var login = await silo.Client.LoginOkAsync(product, ("draw", 1));

        using (var removed = await silo.Admin.DeleteAsync($"/api/v1/admin/sessions/{login.SessionId}", Ct))
        {
            await ApiCalls.AssertStatusAsync(removed, HttpStatusCode.NoContent);
        }

        Assert.False(await StoredAsync(login.SessionId));
        using var heartbeat = await silo.Client.HeartbeatAsync(login.SessionId);
        await ApiCalls.AssertProblemAsync(heartbeat, HttpStatusCode.Gone, ErrorCodes.SessionExpired);
    }

    [Fact]
    public async Task A_refused_login_leaves_no_row()
    {
        var product = await ImportAsync();
        await silo.Client.LoginOkAsync(product, ("draw", 3));
        var requestId = Guid.NewGuid().ToString("N");

        using var refused = await silo.Client.PostAsJsonAsync(
            "/api/v1/sessions",
            new LoginRequest(product, [new FeatureRequest("draw", 1)], new ClientInfo("bob", "ws-18", "cad.exe", "fp-2"), RequestId: requestId),
            Ct);

        await ApiCalls.AssertProblemAsync(refused, HttpStatusCode.Conflict, ErrorCodes.SeatsExhausted);
        Assert.False(await StoredAsync(Ids.ForLoginRequest(requestId)));
    }

    [Fact]
    public async Task An_id_this_grid_never_issued_stays_unknown_even_in_the_issued_format()
    {
        var issued = Ids.New();
        var forged = (issued[..^1] + (issued[^1] == '0' ? '1' : '0'));
        var made = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()) + "0123456789abcdef";

        foreach (var id in new[] { forged, made })
        {
            Assert.Equal(SessionIds.IssuedLength, id.Length);
            Assert.False(Ids.WasIssued(id));
            using var heartbeat = await silo.Client.HeartbeatAsync(id);
            await ApiCalls.AssertProblemAsync(heartbeat, HttpStatusCode.NotFound, ErrorCodes.NotFound);
        }
    }

    [Fact]
    public void Ids_made_here_and_ids_made_from_a_request_id_carry_the_grid_s_tag()
    {
        var fresh = Ids.New();
        var fromRequest = Ids.ForLoginRequest("request-1");

        Assert.True(Ids.WasIssued(fresh));
        Assert.True(Ids.WasIssued(fromRequest));
        Assert.Equal(fromRequest, Ids.ForLoginRequest("request-1"));
        Assert.NotEqual(fresh, Ids.New());
        Assert.Matches("^[0-9a-f]{48}$", fresh);
        Assert.False(Ids.WasIssued(fresh[..32]));
    }

    private async Task<string> ImportAsync()
    {
        var product = $"ended-{Guid.NewGuid():N}"[..16];
        await silo.Admin.ImportOkAsync(silo.Vendor.Issue(product, silo.Clock.GetUtcNow(), [("draw", 3)]));
        return product;
    }

    // What the silo's grain storage holds for the session grain (its state is named "session").
    private async Task<bool> StoredAsync(string sessionId)
    {
        var storage = silo.Factory.Services.GetRequiredKeyedService<IGrainStorage>(LicenseStorage.StateStorageName);
        var state = new GrainState<Dictionary<string, JsonElement>>();
        await storage.ReadStateAsync("session", GrainId.Create("session", sessionId), state);
        return state.RecordExists;
    }
}
