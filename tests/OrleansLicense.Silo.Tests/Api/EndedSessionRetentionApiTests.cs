using System.Net;
using OrleansLicense.Contracts.Errors;
using OrleansLicense.Silo.Tests.Infrastructure;

namespace OrleansLicense.Silo.Tests.Api;

/// <summary>
/// #12 storage growth, over HTTP: a logout retried within Licensing:EndedSessionRetention answers 204 as before; once the
/// sweep deleted the ended session, its id answers 404 problem details like an id never used (not a 500).
/// </summary>
public sealed class EndedSessionRetentionApiTests(SiloFixture silo) : IClassFixture<SiloFixture>
{
    [Fact]
    public async Task Issue12_a_retried_logout_answers_204_within_the_retention_and_404_once_the_session_was_swept()
    {
        var product = $"ret-{Guid.NewGuid():N}"[..16];
        await silo.Admin.ImportOkAsync(silo.Vendor.Issue(product, silo.Clock.GetUtcNow(), [("draw", 1)]));
        var session = await silo.Client.LoginOkAsync(product, ("draw", 1));
        using (var logout = await silo.Client.LogoutAsync(session.SessionId))
        {
            await ApiCalls.AssertStatusAsync(logout, HttpStatusCode.NoContent);
        }

        silo.Clock.Advance(TimeSpan.FromMinutes(30));
        using (var retried = await silo.Client.LogoutAsync(session.SessionId))
        {
            await ApiCalls.AssertStatusAsync(retried, HttpStatusCode.NoContent);
        }

        // Past the hour of retention, the sweep (every 5 minutes) deletes the row; until then logouts still answer 204.
        silo.Clock.Advance(TimeSpan.FromMinutes(31));
        await Eventually.TrueAsync(
            silo.Clock,
            TimeSpan.FromMinutes(1),
            async () =>
            {
                using var again = await silo.Client.LogoutAsync(session.SessionId);
                return again.StatusCode == HttpStatusCode.NotFound;
            },
            "the ended session's row is swept");

        using var swept = await silo.Client.LogoutAsync(session.SessionId);
        await ApiCalls.AssertProblemAsync(swept, HttpStatusCode.NotFound, ErrorCodes.NotFound);
        using var heartbeat = await silo.Client.HeartbeatAsync(session.SessionId);
        await ApiCalls.AssertProblemAsync(heartbeat, HttpStatusCode.NotFound, ErrorCodes.NotFound);
        Assert.Equal(0, await silo.Admin.UsedAsync(session.LicenseId, "draw"));
    }
}
