using OrleansLicense.Contracts.Admin;
using OrleansLicense.Contracts.Errors;
using OrleansLicense.Contracts.Sessions;
using OrleansLicense.Contracts.Usage;
using OrleansLicense.Grains.Borrows;
using OrleansLicense.Grains.Errors;
using OrleansLicense.Grains.Sessions;
using OrleansLicense.Grains.Settings;
using OrleansLicense.Grains.Tests.Borrows;
using OrleansLicense.Grains.Usage;
using OrleansLicense.Licensing.Documents;

namespace OrleansLicense.Grains.Tests.Usage;

/// <summary>R-USE-1: with usage statistics and forced authentication, a client that has not uploaded within the period is refused until it does.</summary>
public sealed class UsageEnforcementTests
{
    private static readonly LicenseFlags Forced = LicenseFlags.None with { Borrowable = true, UsageStatistics = true, ForcedAuthenticationHours = 24 };

    [Fact]
    public async Task A_client_that_does_not_upload_within_the_period_is_refused_until_it_does()
    {
        await using var silo = await StartAsync(Forced);
        await Login(silo, "s1");
        var session = silo.Grains.GetGrain<ISessionGrain>("s1");

        silo.Clock.Advance(TimeSpan.FromHours(24) - TimeSpan.FromSeconds(1));
        await session.Heartbeat(CancellationToken.None);
        silo.Clock.Advance(TimeSpan.FromSeconds(1));

        var heartbeat = await Assert.ThrowsAsync<LicensingException>(() => session.Heartbeat(CancellationToken.None));
        var login = await Assert.ThrowsAsync<LicensingException>(() => Login(silo, "s2"));
        var checkOut = await Assert.ThrowsAsync<LicensingException>(() => session.CheckOut([new FeatureRequest("draw", 1)], requestId: null, fromThisMachine: true, CancellationToken.None));
        var borrow = await Assert.ThrowsAsync<LicensingException>(() => silo.Grains.GetGrain<IBorrowGrain>(BorrowIds.New())
            .Borrow(BorrowTestExtensions.Command("cad", 1, ("draw", 1)) with { Client = new ClientInfo("ann", "ws-1", "cad.exe", "fp-1") }, CancellationToken.None));
        Assert.All([heartbeat, login, checkOut, borrow], e => Assert.Equal(ErrorCodes.UsageUploadRequired, e.Code));
        Assert.Contains("every 24 hour(s)", heartbeat.Message, StringComparison.Ordinal);

        var due = await Upload(silo);

        Assert.Equal(silo.Clock.GetUtcNow().AddHours(24), due);
        await session.Heartbeat(CancellationToken.None);
        await Login(silo, "s2");
        var clients = await silo.Grains.GetGrain<IUsageGrain>("L1").List();
        var client = Assert.Single(clients);
        Assert.Equal(("fp-1", 1, silo.Clock.GetUtcNow()), (client.ClientId, client.Uploads, client.LastUpload!.Value));
        Assert.Equal(new FeatureUsageRecord("draw", 3, 600), Assert.Single(client.Features));
    }

    [Fact]
    public async Task Each_upload_starts_a_new_period()
    {
        await using var silo = await StartAsync(Forced);
        await Login(silo, "s1");
        silo.Clock.Advance(TimeSpan.FromHours(20));
        await Upload(silo);

        silo.Clock.Advance(TimeSpan.FromHours(20));
        await silo.Grains.GetGrain<ISessionGrain>("s1").Heartbeat(CancellationToken.None);
        silo.Clock.Advance(TimeSpan.FromHours(4));

        var refused = await Assert.ThrowsAsync<LicensingException>(() => silo.Grains.GetGrain<ISessionGrain>("s1").Heartbeat(CancellationToken.None));
        Assert.Equal(ErrorCodes.UsageUploadRequired, refused.Code);
    }

    [Fact]
    public async Task Without_forced_authentication_nobody_is_refused()
    {
        await using var silo = await StartAsync(LicenseFlags.None with { UsageStatistics = true });
        await Login(silo, "s1");

        // Forty days of daily heartbeats (the 48 h timeout keeps the lease) and never an upload.
        for (var day = 0; day < 40; day++)
        {
            silo.Clock.Advance(TimeSpan.FromDays(1));
            await silo.Grains.GetGrain<ISessionGrain>("s1").Heartbeat(CancellationToken.None);
        }

        await Login(silo, "s2");
        Assert.Empty(await silo.Grains.GetGrain<IUsageGrain>("L1").List());
    }

    private static async Task<LongSpanSilo> StartAsync(LicenseFlags flags)
    {
        var silo = await LongSpanSilo.StartNewAsync();
        await silo.Grains.ImportWith(silo.Vendor, silo.Clock.GetUtcNow(), "L1", "cad", flags, ("draw", 5));
        await silo.Grains.GetGrain<ISettingsGrain>(ISettingsGrain.Key).Update(new SettingsView(SessionTimeouts.MaxSeconds, false, new Dictionary<string, BorrowRuleView>()), CancellationToken.None);
        return silo;
    }

    private static Task<LoginResult> Login(LongSpanSilo silo, string sessionId)
        => silo.Logins.Login(
            sessionId,
            new LoginCommand("cad", [new FeatureRequest("draw", 1)], new ClientInfo("ann", "ws-1", "cad.exe", "fp-1"), "127.0.0.1", IsLoopback: true),
            CancellationToken.None);

    private static Task<DateTimeOffset?> Upload(LongSpanSilo silo)
        => silo.Grains.GetGrain<IUsageGrain>("L1").Upload(
            "fp-1",
            new UsageUpload(new ClientInfo("ann", "ws-1", "cad.exe", "fp-1"), new UsageRecord(silo.Clock.GetUtcNow().AddHours(-1), silo.Clock.GetUtcNow(), [new FeatureUsageRecord("draw", 3, 600)])),
            24,
            CancellationToken.None);
}
