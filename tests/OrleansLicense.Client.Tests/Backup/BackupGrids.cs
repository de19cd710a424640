using OrleansLicense.Client.Tests.Fakes;
using OrleansLicense.Contracts.Sessions;

namespace OrleansLicense.Client.Tests.Backup;

/// <summary>Two fake grids of one backup relationship (R-BAK-1) on one manual clock: the primary's license
/// <see cref="PrimaryLicense"/> is mapped to the backup's <see cref="BackupLicense"/> (when <c>mapped</c>), each with
/// <c>draw</c>: 3 and <c>render</c>: 2 seats, each with one gateway on loopback.</summary>
internal sealed class BackupGrids : IAsyncDisposable
{
    public const string PrimaryLicense = "lic-primary";
    public const string BackupLicense = "lic-backup";

    private BackupGrids(TestCluster primary, TestCluster backup)
    {
        Primary = primary;
        Backup = backup;
    }

    public ManualTimeProvider Clock => Primary.Clock;

    public TestCluster Primary { get; }

    public TestCluster Backup { get; }

    public Uri PrimaryAddress => Primary.Gateways[0].BaseAddress;

    public Uri BackupAddress => Backup.Gateways[0].BaseAddress;

    public static async Task<BackupGrids> StartAsync(bool mapped, CancellationToken cancellationToken)
    {
        var clock = new ManualTimeProvider();
        var primary = await TestCluster.StartAsync(1, cancellationToken, clock, "grid-primary");
        var backup = await TestCluster.StartAsync(1, cancellationToken, clock, "grid-backup");
        primary.Store.LicenseId = PrimaryLicense;
        backup.Store.LicenseId = BackupLicense;
        if (mapped)
        {
            // What each grid's login answer says of the other (the server side's BackupPartnerHint).
            primary.Store.Backup = new BackupPartnerHint("primary", [backup.Gateways[0].BaseAddress.ToString()], "grid-backup", BackupLicense);
            backup.Store.Backup = new BackupPartnerHint("backup", [primary.Gateways[0].BaseAddress.ToString()], "grid-primary", PrimaryLicense);
        }

        return new BackupGrids(primary, backup);
    }

    /// <summary>A client of the primary grid: one retry round before a move, a failback check every 10 s.</summary>
    public LicenseClient Client(Action<LicenseClientOptions>? configure = null) =>
        Primary.Client(PrimaryAddress.ToString(), options =>
        {
            options.LoginRetryAttempts = 1;
            options.BackupFailbackInterval = TimeSpan.FromSeconds(10);
            configure?.Invoke(options);
        });

    /// <summary>Moves the clock from timer to timer (heartbeats, back-off, failback checks) until <paramref name="done"/>
    /// completes; bounded in steps and in wall-clock time.</summary>
    public async Task StepUntilAsync(Task done, CancellationToken cancellationToken)
    {
        for (var step = 0; step < 500 && !done.IsCompleted; step++)
        {
            var armed = Clock.WaitForPendingTimersAsync(1, cancellationToken);
            await Task.WhenAny(armed, done).WaitAsync(TestCluster.Patience, cancellationToken);
            if (!done.IsCompleted && Clock.NextDue is { } due)
            {
                Clock.Advance(due > TimeSpan.Zero ? due : TimeSpan.Zero);
            }
        }

        await done.WaitAsync(TestCluster.Patience, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        // The primary's clients log out first, while the backup grid still answers them.
        await Primary.DisposeAsync();
        await Backup.DisposeAsync();
    }
}
