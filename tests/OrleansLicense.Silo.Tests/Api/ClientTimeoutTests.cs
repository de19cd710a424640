using System.Net;
using OrleansLicense.Contracts.Errors;
using OrleansLicense.Contracts.Sessions;
using OrleansLicense.Silo.Tests.Infrastructure;

namespace OrleansLicense.Silo.Tests.Api;

/// <summary>R-SESS-3, R-SESS-4: a session without heartbeat for the timeout is kicked and its seats return.</summary>
public sealed class ClientTimeoutTests(SiloFixture silo) : IClassFixture<SiloFixture>
{
    /// <summary>The grains' default lease sweep interval.</summary>
    private static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(5);

    [Fact]
    public void The_injected_clock_is_the_silo_clock()
    {
        var clock = silo.Factory.Services.GetService(typeof(TimeProvider));

        Assert.Same(silo.Clock, clock);
    }

    [Fact]
    public async Task A_silent_session_is_kicked_after_the_timeout_and_its_seat_is_free_again()
    {
        var product = $"prod-{Guid.NewGuid():N}"[..16];
        var license = (await silo.Admin.ImportOkAsync(silo.Vendor.Issue(product, silo.Clock.GetUtcNow(), [("draw", 1)]))).Id;
        var silent = await silo.Client.LoginOkAsync(product, ("draw", 1));
        using (var full = await silo.Client.LoginAsync(product, ("draw", 1)))
        {
            await ApiCalls.AssertProblemAsync(full, HttpStatusCode.Conflict, ErrorCodes.SeatsExhausted);
        }

        silo.Clock.Advance(TimeSpan.FromSeconds(SessionTimeouts.DefaultSeconds) + SweepInterval + TimeSpan.FromSeconds(1));

        // Time keeps moving a sweep per look (a CI run missed a sweep armed after the jump).
        await Eventually.TrueAsync(silo.Clock, SweepInterval, async () => await silo.Admin.UsedAsync(license, "draw") == 0, "the kicked session's seat returns");
        using var heartbeat = await silo.Client.HeartbeatAsync(silent.SessionId);
        await ApiCalls.AssertProblemAsync(heartbeat, HttpStatusCode.Gone, ErrorCodes.SessionExpired);
        await silo.Client.LoginOkAsync(product, ("draw", 1));
    }

    [Fact]
    public async Task A_session_that_heartbeats_outlives_many_timeouts()
    {
        var product = $"prod-{Guid.NewGuid():N}"[..16];
        var license = (await silo.Admin.ImportOkAsync(silo.Vendor.Issue(product, silo.Clock.GetUtcNow(), [("draw", 1)]))).Id;
        var session = await silo.Client.LoginOkAsync(product, ("draw", 1));

        for (var i = 0; i < 10; i++)
        {
            silo.Clock.Advance(TimeSpan.FromSeconds(session.HeartbeatIntervalSeconds));
            using var heartbeat = await silo.Client.HeartbeatAsync(session.SessionId);
            await ApiCalls.AssertStatusAsync(heartbeat, HttpStatusCode.OK);
        }

        Assert.Equal(1, await silo.Admin.UsedAsync(license, "draw"));
    }
}
