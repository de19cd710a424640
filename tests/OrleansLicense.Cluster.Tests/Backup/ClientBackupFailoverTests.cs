using System.Net;
using OrleansLicense.Client;
using OrleansLicense.Client.Events;
using OrleansLicense.Contracts.Sessions;
using OrleansLicense.Licensing.Documents;
using OrleansLicense.Licensing.Keys;

namespace OrleansLicense.Cluster.Tests.Backup;

/// <summary>
/// Issue #17 item 5 end to end (R-BAK-4, R-BAK-5): real client libraries against two real grids in a backup
/// relationship. A client of the primary fails over to the backup's mapped license when the primary is SIGKILLed,
/// keeping its features, and fails back when the primary returns; a client that prefers the backup side is served
/// there throughout; each server counts only the seats taken on it.
/// </summary>
public sealed class ClientBackupFailoverTests(ITestOutputHelper output)
{
    [Fact]
    public async Task R_BAK_4_clients_fail_over_to_the_mapped_license_and_back_and_may_prefer_either_side()
    {
        var ct = TestContext.Current.CancellationToken;
        var vendor = VendorKeyPair.Generate();
        await using var primary = await BackupServer.StartAsync("grid-p", vendor, TimeSpan.FromSeconds(30),
            [BackupServer.License("P1", "cad", LicenseEdition.Enterprise, "draw", "render")], ct);
        await using var backup = await BackupServer.StartAsync("grid-b", vendor, TimeSpan.FromSeconds(30),
            [BackupServer.License("B1", "cad", LicenseEdition.Enterprise, "draw", "render")], ct);
        var (created, createdBody) = await primary.CreateRelationshipAsync(backup, backup.Silo.AdminToken, "P1", "B1", ct);
        Assert.True(created == HttpStatusCode.Created, createdBody);

        var changes = new List<ServerChangedEventArgs>();
        var lost = 0;
        await using var onPrimary = NewClient(primary.Silo.BaseUrl, null);
        onPrimary.ServerChanged += (_, e) =>
        {
            lock (changes)
            {
                changes.Add(e);
            }
        };
        onPrimary.ConnectionLost += (_, _) => Interlocked.Increment(ref lost);

        // Half the clients may prefer the backup (R-BAK-4, load sharing): this one logs in there on its own license.
        await using var onBackup = NewClient(primary.Silo.BaseUrl, backup.Silo.BaseUrl);
        var preferring = await onBackup.LoginAsync([new FeatureRequest("draw", 1)], ct);
        Assert.Equal(("B1", "grid-b"), (preferring.LicenseId, preferring.ClusterId));
        Assert.Equal("P1", preferring.Backup?.PartnerLicenseId);

        var session = await onPrimary.LoginAsync([new FeatureRequest("draw", 1)], ct);
        Assert.Equal(("P1", "grid-p"), (session.LicenseId, session.ClusterId));
        Assert.Equal("B1", session.Backup?.PartnerLicenseId);
        await onPrimary.CheckOutAsync([new FeatureRequest("render", 1)], ct);

        // The primary crashes; the next call finds every gateway of its grid dead and moves the session.
        await primary.KillAsync(ct);
        await onPrimary.CheckOutAsync([new FeatureRequest("draw", 1)], ct);
        var failover = await EventuallyChangeAsync(changes, ServerChangeReason.BackupFailover, TimeSpan.FromSeconds(30), ct);
        output.WriteLine($"failover: {failover.OldServer} -> {failover.NewServer}, session {failover.PreviousSessionId} -> {failover.SessionId}");
        Assert.Equal(("B1", "grid-b"), (onPrimary.Session!.LicenseId, onPrimary.Session.ClusterId));
        Assert.Equal(session.SessionId, failover.PreviousSessionId);

        // The backup's mapped license carries both clients now, with every feature the moved one held (R-BAK-4), and
        // counts them on its own (R-BAK-5).
        Assert.Equal(new Dictionary<string, int> { ["draw"] = 3, ["render"] = 1 }, await backup.UsedAsync("B1", ct));

        // The primary comes back on the same addresses: the client returns to it and releases the backup's seats.
        await primary.RestartAsync(ct);
        var failback = await EventuallyChangeAsync(changes, ServerChangeReason.BackupFailback, TimeSpan.FromSeconds(60), ct);
        output.WriteLine($"failback: {failback.OldServer} -> {failback.NewServer}");
        Assert.Equal(("P1", "grid-p"), (onPrimary.Session!.LicenseId, onPrimary.Session.ClusterId));
        Assert.Equal(new Dictionary<string, int> { ["draw"] = 1, ["render"] = 0 }, await backup.UsedAsync("B1", ct));

        // The session left on the primary by the crash was logged out before the new login: only the new one holds seats.
        Assert.Equal(new Dictionary<string, int> { ["draw"] = 2, ["render"] = 1 }, await primary.UsedAsync("P1", ct));
        Assert.Equal(0, Volatile.Read(ref lost));

        await onPrimary.LogoutAsync(ct);
        await onBackup.LogoutAsync(ct);
        Assert.All((await primary.UsedAsync("P1", ct)).Values, used => Assert.Equal(0, used));
        Assert.All((await backup.UsedAsync("B1", ct)).Values, used => Assert.Equal(0, used));
    }

    private static LicenseClient NewClient(string servers, string? preferredBackup) => new(new LicenseClientOptions
    {
        Servers = servers,
        BackupServers = preferredBackup,
        PreferBackupServers = preferredBackup is null ? null : true,
        Product = "cad",
        GetEnvironmentVariable = _ => null,
        LoginRetryAttempts = 1,
        RetryBaseDelay = TimeSpan.FromMilliseconds(200),
        RetryMaxDelay = TimeSpan.FromSeconds(1),
        RequestTimeout = TimeSpan.FromSeconds(2),
        BackupFailbackInterval = TimeSpan.FromSeconds(2),
    });

    private static async Task<ServerChangedEventArgs> EventuallyChangeAsync(List<ServerChangedEventArgs> changes, ServerChangeReason reason, TimeSpan limit, CancellationToken ct)
    {
        ServerChangedEventArgs? found = null;
        var seen = await BackupServer.EventuallyAsync(
            () =>
            {
                lock (changes)
                {
                    found = changes.LastOrDefault(c => c.Reason == reason);
                }

                return Task.FromResult(found is not null);
            },
            limit,
            ct);
        Assert.True(seen, $"no {reason} within {limit}");
        return found!;
    }
}
