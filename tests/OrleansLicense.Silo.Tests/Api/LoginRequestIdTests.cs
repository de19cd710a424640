using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using OrleansLicense.Contracts.Sessions;
using OrleansLicense.Grains.Seats;
using OrleansLicense.Grains.Sessions;
using OrleansLicense.Silo.Endpoints.Gateway;
using OrleansLicense.Silo.Tests.Infrastructure;

namespace OrleansLicense.Silo.Tests.Api;

/// <summary>
/// A login retried with its request id (after an answer lost with a silo, R-CLI-3) finds the session
/// and the seats its first attempt made instead of taking more.
/// </summary>
public sealed class LoginRequestIdTests(SiloFixture silo) : IClassFixture<SiloFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_login_sent_twice_with_one_request_id_is_one_session_with_one_seat()
    {
        var (product, pool) = await FeatureAsync(seats: 5);
        var requestId = Guid.NewGuid().ToString("N");

        var first = await LoginOkAsync(product, requestId);
        var again = await LoginOkAsync(product, requestId);

        Assert.Equal(first.SessionId, again.SessionId);
        Assert.Equal(first.Features, again.Features);
        Assert.Equal(1, (await pool.GetUsage()).Used);
    }

    [Fact]
    public async Task Logins_with_different_request_ids_are_different_sessions()
    {
        var (product, pool) = await FeatureAsync(seats: 5);

        var first = await LoginOkAsync(product, "retry-test-a");
        var second = await LoginOkAsync(product, "retry-test-b");

        Assert.NotEqual(first.SessionId, second.SessionId);
        Assert.Equal(2, (await pool.GetUsage()).Used);
    }

    [Fact]
    public async Task A_retry_after_a_seat_was_granted_but_the_session_never_stored_takes_that_seat_not_another()
    {
        // The silo that ran the first attempt died between the pool's grant and the session's write:
        // the pool holds a seat for the session, the session itself was never stored.
        var (product, pool) = await FeatureAsync(seats: 1);
        var requestId = Guid.NewGuid().ToString("N");
        var sessionId = silo.Factory.Services.GetRequiredService<SessionIds>().ForLoginRequest(requestId, product, ["draw"]);
        await pool.Acquire(sessionId, heldBefore: 0, count: 1, timeoutSeconds: 600, waitUntil: null, Ct);

        var retried = await LoginOkAsync(product, requestId);

        Assert.Equal(sessionId, retried.SessionId);
        Assert.Equal(1, (await pool.GetUsage()).Used);
        using (var logout = await silo.Client.LogoutAsync(retried.SessionId))
        {
            await ApiCalls.AssertStatusAsync(logout, HttpStatusCode.NoContent);
        }

        Assert.Equal(0, (await pool.GetUsage()).Used);
    }

    // Issue 12: the id names its pools for the logout, and a login+logout before any heartbeat never activates the session.
    [Fact]
    public async Task A_session_id_carries_its_pools_hint_and_a_logout_before_any_heartbeat_activates_no_session_grain()
    {
        var (product, pool) = await FeatureAsync(seats: 5);
        var login = await LoginOkAsync(product, Guid.NewGuid().ToString("N"));
        Assert.Equal(SessionHints.Of(product, ["draw"]), SessionHints.InId(login.SessionId));
        Assert.True(silo.Factory.Services.GetRequiredService<SessionIds>().WasIssued(login.SessionId));

        using (var logout = await silo.Client.LogoutAsync(login.SessionId))
        {
            await ApiCalls.AssertStatusAsync(logout, HttpStatusCode.NoContent);
        }

        Assert.Equal(0, (await pool.GetUsage()).Used);
        var grains = silo.Factory.Services.GetRequiredService<IGrainFactory>();
        var sessions = await grains.GetGrain<IManagementGrain>(0).GetActiveGrains(GrainType.Create("session"), Ct);
        Assert.DoesNotContain(sessions, g => g.Key.ToString() == login.SessionId);
        Assert.False(await silo.SessionStoredAsync(login.SessionId));
    }

    private async Task<LoginResponse> LoginOkAsync(string product, string requestId)
    {
        using var response = await silo.Client.LoginWithRequestIdAsync(product, requestId);
        await ApiCalls.AssertStatusAsync(response, HttpStatusCode.Created);
        return (await response.Content.ReadFromJsonAsync<LoginResponse>(Ct))!;
    }

    private async Task<(string Product, IFeatureGrain Pool)> FeatureAsync(int seats)
    {
        var product = $"retry-{Guid.NewGuid():N}"[..16];
        var license = (await silo.Admin.ImportOkAsync(silo.Vendor.Issue(product, silo.Clock.GetUtcNow(), [("draw", seats)]))).Id;
        var grains = silo.Factory.Services.GetRequiredService<IGrainFactory>();
        return (product, grains.GetGrain<IFeatureGrain>(FeatureKey.Of(license, "draw")));
    }
}
