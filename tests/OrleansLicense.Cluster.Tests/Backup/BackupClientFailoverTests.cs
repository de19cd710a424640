using System.Collections.Concurrent;
using OrleansLicense.Client;
using OrleansLicense.Client.Events;
using OrleansLicense.Contracts.Sessions;
using OrleansLicense.Licensing.Documents;
using OrleansLicense.Licensing.Keys;
using OrleansLicense.Testing;

namespace OrleansLicense.Cluster.Tests.Backup;

/// <summary>
/// Issue #17 item 7 (R-BAK-4, R-BAK-5) with real processes on both sides: the client library, logged in on the
/// primary's mapped license, moves to the backup's license when the primary dies (SIGKILL), its seats counted on the
/// backup alone, and comes back to the primary when it returns, giving the backup's seats back.
/// </summary>
public sealed class BackupClientFailoverTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_client_fails_over_to_the_mapped_license_of_the_backup_and_fails_back_to_the_primary()
    {
        var ct = TestContext.Current.CancellationToken;
        var vendor = VendorKeyPair.Generate();
        var sync = TimeSpan.FromSeconds(2);
        await using var primary = await BackupServer.StartAsync("grid-p", vendor, sync, [BackupServer.License("P1", "cad", LicenseEdition.Enterprise, "draw")], ct);
        await using var backup = await BackupServer.StartAsync("grid-b", vendor, sync, [BackupServer.License("B1", "cad", LicenseEdition.Enterprise, "draw")], ct);
        var (status, body) = await primary.CreateRelationshipAsync(backup, backup.Silo.AdminToken, "P1", "B1", ct);
        Assert.True(status == System.Net.HttpStatusCode.Created, body);

        // The manual clock drives the client's heartbeats, back-off and failback checks: no 30 s waits.
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var client = new LicenseClient(new LicenseClientOptions
        {
            Servers = primary.Silo.BaseUrl,
            Product = "cad",
            TimeProvider = clock,
            GetEnvironmentVariable = _ => null,
            LoginRetryAttempts = 1,
            BackupFailbackInterval = TimeSpan.FromSeconds(10),
        });
        var changes = new ConcurrentQueue<ServerChangedEventArgs>();
        client.ServerChanged += (_, e) => changes.Enqueue(e);

        var session = await client.LoginAsync([new FeatureRequest("draw", 1)], ct);
        Assert.Equal("P1", session.LicenseId);
        Assert.Equal("B1", session.Backup?.PartnerLicenseId);

        await primary.KillAsync(ct);
        var over = await AdvanceUntilAsync(clock, session.HeartbeatInterval, changes, ServerChangeReason.BackupFailover, ct);
        output.WriteLine($"failover: {over.OldServer} -> {over.NewServer}");
        Assert.Equal("B1", client.Session!.LicenseId);
        Assert.Equal(new Uri(backup.Silo.BaseUrl).Authority, client.CurrentServer!.Authority);
        Assert.True(await BackupServer.EventuallyAsync(async () => (await backup.UsedAsync("B1", ct))["draw"] == 1, TimeSpan.FromSeconds(5), ct));

        await primary.RestartAsync(ct);
        var back = await AdvanceUntilAsync(clock, TimeSpan.FromSeconds(10), changes, ServerChangeReason.BackupFailback, ct);
        output.WriteLine($"failback: {back.OldServer} -> {back.NewServer}");
        Assert.Equal("P1", client.Session!.LicenseId);
        Assert.Equal(new Uri(primary.Silo.BaseUrl).Authority, client.CurrentServer!.Authority);
        Assert.True(await BackupServer.EventuallyAsync(async () => (await backup.UsedAsync("B1", ct))["draw"] == 0, TimeSpan.FromSeconds(5), ct), "the backup's seat was not given back");
        Assert.True((await primary.UsedAsync("P1", ct))["draw"] >= 1);
    }

    private static async Task<ServerChangedEventArgs> AdvanceUntilAsync(ManualClock clock, TimeSpan step, ConcurrentQueue<ServerChangedEventArgs> changes, ServerChangeReason reason, CancellationToken ct)
    {
        for (var i = 0; i < 300; i++)
        {
            if (changes.FirstOrDefault(c => c.Reason == reason) is { } change)
            {
                return change;
            }

            clock.Advance(step);
            await Task.Delay(100, ct);
        }

        throw new TimeoutException($"The client did not {reason}: {string.Join(", ", changes.Select(c => c.Reason))}");
    }
}
