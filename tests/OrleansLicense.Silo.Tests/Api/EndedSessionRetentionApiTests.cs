using System.Net;
using OrleansLicense.Contracts.Errors;
using OrleansLicense.Silo.Tests.Infrastructure;

namespace OrleansLicense.Silo.Tests.Api;

/// <summary>
/// #12 storage growth, over HTTP: a stored session's end is kept for Licensing:EndedSessionRetention, then swept. Before
/// and after the sweep its id answers as an ended session (a retried logout 204, a heartbeat 410), because the grid
/// issued it; an id no silo issued answers 404 problem details (not a 500).
/// </summary>
public sealed class EndedSessionRetentionApiTests(SiloFixture silo) : IClassFixture<SiloFixture>
{
    [Fact]
    public async Task Issue12_a_retried_logout_answers_204_within_the_retention_and_after_the_sweep_while_a_made_up_id_is_404()
    {
        var product = $"ret-{Guid.NewGuid():N}"[..16];
        await silo.Admin.ImportOkAsync(silo.Vendor.Issue(product, silo.Clock.GetUtcNow(), [("draw", 1)]));
        var session = await silo.Client.LoginOkAsync(product, ("draw", 1));
        using (var heartbeat = await silo.Client.HeartbeatAsync(session.SessionId))
        {
            await ApiCalls.AssertStatusAsync(heartbeat, HttpStatusCode.OK);
        }

        using (var logout = await silo.Client.LogoutAsync(session.SessionId))
        {
            await ApiCalls.AssertStatusAsync(logout, HttpStatusCode.NoContent);
        }

        silo.Clock.Advance(TimeSpan.FromMinutes(30));
        using (var retried = await silo.Client.LogoutAsync(session.SessionId))
        {
            await ApiCalls.AssertStatusAsync(retried, HttpStatusCode.NoContent);
        }

        Assert.True(await silo.SessionStoredAsync(session.SessionId));

        // Past the hour of retention, the sweep (every 5 minutes) deletes the row.
        silo.Clock.Advance(TimeSpan.FromMinutes(31));
        await Eventually.TrueAsync(silo.Clock, TimeSpan.FromMinutes(1), async () => !await silo.SessionStoredAsync(session.SessionId), "the ended session's row is swept");

        using var swept = await silo.Client.LogoutAsync(session.SessionId);
        await ApiCalls.AssertStatusAsync(swept, HttpStatusCode.NoContent);
        using var late = await silo.Client.HeartbeatAsync(session.SessionId);
        await ApiCalls.AssertProblemAsync(late, HttpStatusCode.Gone, ErrorCodes.SessionExpired);
        Assert.Equal(0, await silo.Admin.UsedAsync(session.LicenseId, "draw"));

        // The same shape, but not issued by this grid: unknown.
        var madeUp = string.Concat(session.SessionId[..40], session.SessionId[40] == '0' ? "1" : "0", session.SessionId[41..]);
        using var unknown = await silo.Client.HeartbeatAsync(madeUp);
        await ApiCalls.AssertProblemAsync(unknown, HttpStatusCode.NotFound, ErrorCodes.NotFound);
        using var unknownLogout = await silo.Client.LogoutAsync(madeUp);
        await ApiCalls.AssertProblemAsync(unknownLogout, HttpStatusCode.NotFound, ErrorCodes.NotFound);
    }
}
