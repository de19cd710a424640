using OrleansLicense.Client.Events;
using OrleansLicense.Client.Tests.Fakes;
using OrleansLicense.Contracts.Errors;
using OrleansLicense.Contracts.Sessions;
using static OrleansLicense.Client.Tests.Backup.BackupGrids;
using static OrleansLicense.Client.Tests.Fakes.TestCluster;

namespace OrleansLicense.Client.Tests.Backup;

/// <summary>Issue #17 item 5, R-BAK-4: a client fails over to the backup grid's mapped license when its own grid stops
/// answering, keeps working there, and fails back when its own grid answers again.</summary>
public sealed class BackupFailoverTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static IReadOnlyList<FeatureRequest> Held(IEnumerable<FeatureRequest> features) =>
        [.. features.OrderBy(f => f.Name, StringComparer.Ordinal)];

    [Fact]
    public async Task R_BAK_4_the_session_fails_over_to_the_mapped_license_with_every_seat_it_holds()
    {
        await using var grids = await StartAsync(mapped: true, Ct);
        var client = grids.Client();
        var changes = new ServerChanges(client);
        var losses = 0;
        client.ConnectionLost += (_, _) => Interlocked.Increment(ref losses);
        var first = await client.LoginAsync(Seats("draw", 2), Ct);
        await client.CheckOutAsync(Seats("render", 1), Ct);

        // The login answer's backup hint is kept with the session.
        AssertHint(grids.Primary.Store.Backup!, first.Backup);
        Assert.Equal([grids.BackupAddress], client.BackupServers);

        var moved = await KillPrimaryAndFailOverAsync(grids, changes);

        // One login on the backup grid: the mapped license, the seats held now (the check-out too), the same client.
        var login = Assert.Single(grids.Backup.Store.Logins);
        Assert.Equal(BackupLicense, login.LicenseId);
        Assert.Equal(Product, login.Product);
        Assert.Equal(Held([new("draw", 2), new("render", 1)]), Held(login.Features));
        Assert.Equal(new ClientInfo("tester", "localhost", "tests", "fingerprint"), login.Client);

        Assert.Equal((grids.PrimaryAddress, grids.BackupAddress, first.SessionId), (moved.OldServer, moved.NewServer, moved.PreviousSessionId));
        var session = client.Session!;
        Assert.Equal(moved.SessionId, session.SessionId);
        Assert.Equal(("grid-backup", BackupLicense), (session.ClusterId, session.LicenseId));
        AssertHint(grids.Backup.Store.Backup!, session.Backup);
        Assert.Equal(grids.BackupAddress, client.CurrentServer);
        Assert.Equal((2, 1), (grids.Backup.Store.Used(Product, "draw"), grids.Backup.Store.Used(Product, "render")));
        Assert.Equal(0, Volatile.Read(ref losses));
    }

    [Fact]
    public async Task R_BAK_4_heartbeats_check_out_check_in_and_logout_work_on_the_backup_grid()
    {
        await using var grids = await StartAsync(mapped: true, Ct);
        var client = grids.Client();
        var changes = new ServerChanges(client);
        var kicks = 0;
        client.Kicked += (_, _) => Interlocked.Increment(ref kicks);
        await client.LoginAsync(Seats("draw", 1), Ct);
        var moved = await KillPrimaryAndFailOverAsync(grids, changes);

        // The heartbeat that found the primary dead is made on the backup, and the rhythm goes on there.
        await grids.StepUntilAsync(grids.Backup.Store.WaitForHeartbeatsAsync(3, Ct), Ct);
        Assert.All(grids.Backup.Store.Heartbeats, h => Assert.Equal((moved.SessionId, 200), (h.SessionId, h.Status)));

        var held = await client.CheckOutAsync(Seats("render", 2), Ct);
        Assert.Equal(Held([new("draw", 1), new("render", 2)]), Held(held));
        Assert.Equal(2, grids.Backup.Store.Used(Product, "render"));
        await client.CheckInAsync("render", Ct);
        Assert.Equal(0, grids.Backup.Store.Used(Product, "render"));

        await client.LogoutAsync(Ct);
        Assert.Equal(0, grids.Backup.Store.Used(Product, "draw"));
        Assert.Equal(0, grids.Backup.Store.SessionCount);
        Assert.Equal(0, Volatile.Read(ref kicks));
    }

    [Fact]
    public async Task R_BAK_4_failback_takes_the_seats_on_the_own_grid_before_it_releases_the_backup_grid()
    {
        await using var grids = await StartAsync(mapped: true, Ct);
        var client = grids.Client();
        var changes = new ServerChanges(client);
        var first = await client.LoginAsync(Seats("draw", 2), Ct);
        await client.CheckOutAsync(Seats("render", 1), Ct);
        var over = await KillPrimaryAndFailOverAsync(grids, changes);

        // The backup's seats must still be held when the primary has granted the new session's.
        int? primaryDrawWhenBackupReleased = null;
        grids.Backup.Store.LoggingOut = _ => primaryDrawWhenBackupReleased = grids.Primary.Store.Used(Product, "draw");

        // The primary comes back on its old port while its first session (2 of 3 draw seats) has not timed out yet.
        await grids.Primary.StartGatewayAsync("A2", Ct, grids.PrimaryAddress.Port);
        var back = await StepUntilMovedAsync(grids, changes, ServerChangeReason.BackupFailback);

        var login = grids.Primary.Store.Logins[^1];
        Assert.Equal(PrimaryLicense, login.LicenseId);
        Assert.Equal(Held([new("draw", 2), new("render", 1)]), Held(login.Features));
        Assert.Equal(2, primaryDrawWhenBackupReleased);
        Assert.Equal((grids.BackupAddress, grids.PrimaryAddress, over.SessionId), (back.OldServer, back.NewServer, back.PreviousSessionId));
        Assert.Equal(("grid-primary", PrimaryLicense, back.SessionId), (client.Session!.ClusterId, client.Session.LicenseId, client.Session.SessionId));

        // The session left behind at the failover was logged out, not counted twice; the backup holds nothing.
        Assert.Equal(1, grids.Primary.Store.SessionCount);
        Assert.NotEqual(first.SessionId, back.SessionId);
        Assert.Equal((2, 1), (grids.Primary.Store.Used(Product, "draw"), grids.Primary.Store.Used(Product, "render")));
        Assert.Equal(0, grids.Backup.Store.SessionCount);
        Assert.Equal(
            [ServerChangeReason.BackupFailover, ServerChangeReason.BackupFailback],
            changes.Seen.Select(c => c.Reason));

        // Heartbeats go to the primary again.
        var before = grids.Primary.Store.Heartbeats.Count;
        await grids.StepUntilAsync(grids.Primary.Store.WaitForHeartbeatsAsync(before + 1, Ct), Ct);
        Assert.Equal((back.SessionId, 200), (grids.Primary.Store.Heartbeats[^1].SessionId, grids.Primary.Store.Heartbeats[^1].Status));
    }

    [Fact]
    public async Task R_BAK_4_failback_waits_while_the_own_grid_refuses_the_seats()
    {
        await using var grids = await StartAsync(mapped: true, Ct);
        var client = grids.Client();
        var changes = new ServerChanges(client);
        await client.LoginAsync(Seats("draw", 2), Ct);
        await KillPrimaryAndFailOverAsync(grids, changes);

        // Back with fewer seats than the client holds: the failback login is refused and the client stays.
        grids.Primary.Store.AddFeature(Product, "draw", 1);
        await grids.Primary.StartGatewayAsync("A2", Ct, grids.PrimaryAddress.Port);
        var logins = grids.Primary.Store.LoginRequests;
        await grids.StepUntilAsync(WaitUntilAsync(() => grids.Primary.Store.LoginRequests >= logins + 2), Ct);
        Assert.Equal("grid-backup", client.Session!.ClusterId);
        Assert.Equal(1, grids.Backup.Store.SessionCount);
        Assert.Equal(0, grids.Primary.Store.SessionCount);

        // Seats come back: the next check fails back.
        grids.Primary.Store.AddFeature(Product, "draw", 3);
        await StepUntilMovedAsync(grids, changes, ServerChangeReason.BackupFailback);
        Assert.Equal("grid-primary", client.Session!.ClusterId);
        Assert.Equal(0, grids.Backup.Store.SessionCount);
    }

    [Fact]
    public async Task R_BAK_4_a_backup_grid_without_free_seats_refuses_and_the_session_is_lost_at_its_deadline()
    {
        await using var grids = await StartAsync(mapped: true, Ct);
        grids.Primary.Store.TimeoutSeconds = 60;

        // Seat limits are per server: the mapped license on the backup has one draw seat.
        grids.Backup.Store.AddFeature(Product, "draw", 1);
        var client = grids.Client();
        var changes = new ServerChanges(client);
        var lost = new TaskCompletionSource<ConnectionLostEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        var losses = 0;
        client.ConnectionLost += (_, e) =>
        {
            Interlocked.Increment(ref losses);
            lost.TrySetResult(e);
        };
        var loggedInAt = grids.Clock.GetUtcNow();
        var session = await client.LoginAsync(Seats("draw", 2), Ct);
        await grids.Primary.Gateways[0].DisposeAsync();

        await grids.StepUntilAsync(lost.Task, Ct);

        var args = await lost.Task;
        Assert.Equal(session.SessionId, args.SessionId);
        Assert.Equal(loggedInAt + session.Timeout, args.Deadline);
        Assert.Equal((ErrorCodes.SeatsExhausted, 409, grids.BackupAddress), (args.Error.Code, args.Error.Status, args.Error.Server));
        Assert.Empty(changes.Seen);
        Assert.Null(client.Session);

        // The backup was asked again while the own grid was retried, each time for the mapped license.
        var tries = grids.Backup.Store.Logins;
        Assert.True(tries.Count >= 2, $"expected several tries on the backup, saw {tries.Count}");
        Assert.All(tries, t => Assert.Equal(BackupLicense, t.LicenseId));
        Assert.Equal(0, grids.Backup.Store.SessionCount);

        // Nothing more after the loss.
        grids.Clock.Advance(TimeSpan.FromMinutes(30));
        Assert.Equal(tries.Count, grids.Backup.Store.Logins.Count);
        Assert.Equal(0, grids.Clock.PendingTimers);
        Assert.Equal(1, Volatile.Read(ref losses));
    }

    [Fact]
    public async Task R_BAK_1_without_a_hint_a_session_never_moves_to_the_other_grid()
    {
        // Not mapped: the primary's answer has no hint. Even with the backup configured, redundancy holds only for
        // mapped licenses, so the session is lost as before.
        await using var grids = await StartAsync(mapped: false, Ct);
        grids.Primary.Store.TimeoutSeconds = 60;
        var client = grids.Client(o => o.BackupServers = grids.BackupAddress.ToString());
        var changes = new ServerChanges(client);
        var lost = new TaskCompletionSource<ConnectionLostEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.ConnectionLost += (_, e) => lost.TrySetResult(e);
        var session = await client.LoginAsync(Seats("draw", 1), Ct);
        Assert.Null(session.Backup);

        await grids.Primary.Gateways[0].DisposeAsync();
        await grids.StepUntilAsync(lost.Task, Ct);

        Assert.Equal(ClientErrorCodes.Unreachable, (await lost.Task).Error.Code);
        Assert.Equal(0, grids.Backup.Store.LoginRequests);
        Assert.Empty(changes.Seen);
    }

    [Fact]
    public async Task R_BAK_4_a_client_that_prefers_the_backup_grid_logs_in_there_and_fails_over_to_the_primary()
    {
        await using var grids = await StartAsync(mapped: true, Ct);
        var client = grids.Client(o =>
        {
            o.BackupServers = grids.BackupAddress.ToString();
            o.PreferBackupServers = true;
        });
        var changes = new ServerChanges(client);

        var session = await client.LoginAsync(Seats("draw", 1), Ct);

        // No license named: the backup grid picks the product's license, and its hint points back to the primary.
        Assert.Null(Assert.Single(grids.Backup.Store.Logins).LicenseId);
        Assert.Equal(0, grids.Primary.Store.LoginRequests);
        Assert.Equal(("grid-backup", "backup", PrimaryLicense), (session.ClusterId, session.Backup!.Role, session.Backup.PartnerLicenseId));

        await grids.Backup.Gateways[0].DisposeAsync();
        var moved = await StepUntilMovedAsync(grids, changes, ServerChangeReason.BackupFailover);
        Assert.Equal(PrimaryLicense, Assert.Single(grids.Primary.Store.Logins).LicenseId);
        Assert.Equal((grids.BackupAddress, grids.PrimaryAddress), (moved.OldServer, moved.NewServer));
        Assert.Equal("grid-primary", client.Session!.ClusterId);
    }

    [Fact]
    public async Task R_BAK_4_the_environment_names_the_backup_grid_and_the_side_to_prefer()
    {
        await using var grids = await StartAsync(mapped: true, Ct);
        var variables = new Dictionary<string, string>
        {
            ["ACME_BACKUP_URL"] = grids.BackupAddress.ToString(),
            ["ORLEANSLICENSE_PREFER_BACKUP"] = "yes",
        };
        var client = grids.Client(o =>
        {
            o.EnvironmentPrefix = "acme";
            o.GetEnvironmentVariable = n => variables.GetValueOrDefault(n);
        });

        var session = await client.LoginAsync(Seats("draw", 1), Ct);

        Assert.Equal([grids.BackupAddress], client.BackupServers);
        Assert.Equal("grid-backup", session.ClusterId);
        Assert.Equal(grids.BackupAddress, client.CurrentServer);
    }

    [Fact]
    public async Task R_BAK_4_a_login_that_reaches_no_server_of_its_grid_tries_the_configured_backup_grid()
    {
        await using var grids = await StartAsync(mapped: true, Ct);
        await grids.Primary.Gateways[0].DisposeAsync();
        var client = grids.Client(o => o.BackupServers = grids.BackupAddress.ToString());

        var login = client.LoginAsync(Seats("draw", 1), Ct);
        await grids.StepUntilAsync(login, Ct);

        Assert.Equal("grid-backup", (await login).ClusterId);
        Assert.Null(Assert.Single(grids.Backup.Store.Logins).LicenseId);
    }

    [Fact]
    public void Preferring_the_backup_grid_needs_its_addresses()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new LicenseClient(new LicenseClientOptions
        {
            Servers = "http://127.0.0.1:1",
            PreferBackupServers = true,
            GetEnvironmentVariable = _ => null,
        }));
        Assert.Contains("BackupServers", error.Message, StringComparison.Ordinal);
    }

    private static void AssertHint(BackupPartnerHint expected, BackupPartnerHint? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal((expected.Role, expected.PartnerClusterId, expected.PartnerLicenseId), (actual.Role, actual.PartnerClusterId, actual.PartnerLicenseId));
        Assert.Equal(expected.PartnerServers, actual.PartnerServers);
    }

    // The primary's only gateway dies (its port refuses connections); the client's next heartbeat finds it out.
    private static async Task<ServerChangedEventArgs> KillPrimaryAndFailOverAsync(BackupGrids grids, ServerChanges changes)
    {
        await grids.Primary.Gateways[0].DisposeAsync();
        return await StepUntilMovedAsync(grids, changes, ServerChangeReason.BackupFailover);
    }

    private static async Task<ServerChangedEventArgs> StepUntilMovedAsync(BackupGrids grids, ServerChanges changes, ServerChangeReason reason)
    {
        var moved = changes.Next(reason);
        await grids.StepUntilAsync(moved, Ct);
        return await moved;
    }

    // Polls a condition the fakes expose no event for; bounded by the test's patience.
    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("The condition did not become true in time.");
            }

            await Task.Delay(10);
        }
    }
}
