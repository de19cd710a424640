using System.Net;
using System.Net.Http.Json;
using OrleansLicense.Contracts.Admin;
using OrleansLicense.Contracts.Sessions;
using OrleansLicense.Silo.Tests.Infrastructure;
using OrleansLicense.Testing.Silo;

namespace OrleansLicense.Silo.Tests.Process;

/// <summary>
/// Issue #14 item 17: after a crash and restart, a session no client has heartbeated since shows no "last heartbeat"
/// (the restart time is no heartbeat), but when it was restored and when it expires; its first heartbeat ends that.
/// </summary>
public sealed class RestoredSessionTests() : ProcessWalk("olic-restored")
{
    [Fact]
    public async Task A_restored_session_shows_restored_at_and_expires_at_until_its_first_heartbeat()
    {
        var vendor = new TestVendor();
        vendor.TrustIn(Data);
        var first = await StartSiloAsync();
        using (var import = await first.Http.SendAsync(first.Admin(HttpMethod.Post, "/api/v1/admin/licenses", new StringContent(
            vendor.Issue("acme-cad", DateTimeOffset.UtcNow, [("draw", 5)]), System.Text.Encoding.UTF8, "application/json")), Ct))
        {
            await ApiCalls.AssertStatusAsync(import, HttpStatusCode.Created);
        }

        using var login = await first.Http.PostAsJsonAsync("/api/v1/sessions", new LoginRequest("acme-cad", [new FeatureRequest("draw", 1)], new ClientInfo("ann", "ws-17", null, null)), Ct);
        await ApiCalls.AssertStatusAsync(login, HttpStatusCode.Created);
        var session = (await login.Content.ReadFromJsonAsync<LoginResponse>(Ct))!;
        var before = Assert.Single(await SessionsAsync(first));
        Assert.NotNull(before.LastHeartbeat);
        Assert.Null(before.RestoredAt);
        Assert.Equal(before.LicenseId, session.LicenseId);

        await first.KillAsync(Ct);
        var restart = DateTimeOffset.UtcNow;
        var second = await StartSiloAsync();

        var restored = Assert.Single(await SessionsAsync(second));
        Assert.Null(restored.LastHeartbeat);
        Assert.NotNull(restored.RestoredAt);
        Assert.True(restored.RestoredAt >= restart.AddSeconds(-1), $"restored at {restored.RestoredAt}, restarted at {restart}");
        Assert.Equal(restored.RestoredAt!.Value.AddSeconds(session.TimeoutSeconds), restored.ExpiresAt);

        var listed = await Olic.RunOkAsync(Work.Path, "session", "list");
        Assert.Contains("none since restore at ", listed.Output, StringComparison.Ordinal);

        using (var heartbeat = await second.Http.PostAsync($"/api/v1/sessions/{session.SessionId}/heartbeat", null, Ct))
        {
            await ApiCalls.AssertStatusAsync(heartbeat, HttpStatusCode.OK);
        }

        var alive = Assert.Single(await SessionsAsync(second));
        Assert.NotNull(alive.LastHeartbeat);
        Assert.Null(alive.RestoredAt);
        Assert.Equal(alive.LastHeartbeat!.Value.AddSeconds(session.TimeoutSeconds), alive.ExpiresAt);
    }

    private static async Task<List<SessionView>> SessionsAsync(SiloProcess silo)
    {
        using var response = await silo.Http.SendAsync(silo.Admin(HttpMethod.Get, "/api/v1/admin/sessions"), Ct);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<List<SessionView>>(Ct))!;
    }
}
