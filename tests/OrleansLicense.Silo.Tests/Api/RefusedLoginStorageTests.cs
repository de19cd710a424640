using System.Net;
using Microsoft.Extensions.DependencyInjection;
using OrleansLicense.Contracts.Errors;
using OrleansLicense.Silo.Endpoints.Gateway;
using OrleansLicense.Silo.Tests.Infrastructure;

namespace OrleansLicense.Silo.Tests.Api;

/// <summary>
/// A refused login leaves nothing stored (issue #12: storage that does not grow with every refusal): it used to store
/// an empty "no session" row per refused login, which reads exactly like no row.
/// </summary>
public sealed class RefusedLoginStorageTests(SiloFixture silo) : IClassFixture<SiloFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_login_refused_for_want_of_seats_leaves_no_row_and_its_retry_starts_afresh()
    {
        var product = $"refused-{Guid.NewGuid():N}"[..16];
        await silo.Admin.ImportOkAsync(silo.Vendor.Issue(product, silo.Clock.GetUtcNow(), [("draw", 1)]));
        var holder = await silo.Client.LoginOkAsync(product, ("draw", 1));
        var requestId = Guid.NewGuid().ToString("N");
        var sessionId = silo.Factory.Services.GetRequiredService<SessionIds>().ForLoginRequest(requestId, product, ["draw"]);

        using (var refused = await silo.Client.LoginWithRequestIdAsync(product, requestId))
        {
            await ApiCalls.AssertProblemAsync(refused, HttpStatusCode.Conflict, ErrorCodes.SeatsExhausted);
        }

        Assert.False(await silo.SessionStoredAsync(sessionId));
        using (var logout = await silo.Client.LogoutAsync(holder.SessionId))
        {
            await ApiCalls.AssertStatusAsync(logout, HttpStatusCode.NoContent);
        }

        using var retried = await silo.Client.LoginWithRequestIdAsync(product, requestId);
        await ApiCalls.AssertStatusAsync(retried, HttpStatusCode.Created);

        // A login stores no row; its first heartbeat does (ARCHITECTURE-NOTES, "Every seat has an owner").
        Assert.False(await silo.SessionStoredAsync(sessionId));
        using var heartbeat = await silo.Client.HeartbeatAsync(sessionId);
        await ApiCalls.AssertStatusAsync(heartbeat, HttpStatusCode.OK);
        Assert.True(await silo.SessionStoredAsync(sessionId));
    }
}
