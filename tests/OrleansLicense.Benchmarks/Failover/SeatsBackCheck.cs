using System.Globalization;
using OrleansLicense.Benchmarks.Load;

namespace OrleansLicense.Benchmarks.Failover;

/// <summary>
/// After the failover every client has logged out, and nothing may be left: a login whose answer was
/// lost with the silo was sent again with its request id, so it found its session and seat and its
/// client logged that session out like any other. A session or a seat left over would wait for the
/// client timeout, and the run fails on it.
/// </summary>
internal static class SeatsBackCheck
{
    // The surviving pool replays and flushes its last releases: a moment, not a lease timeout.
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(5);

    public static async Task RunAsync(LoadContext context, SiloGrid grid, UsedSeatsPoller poller, string licenseId, long retriedLogins, CancellationToken cancellationToken)
        => await RunAsync(context, grid.Silos[FailoverScenario.Survivor], "failover", FailoverScenario.Product, poller, licenseId, retriedLogins, cancellationToken).ConfigureAwait(false);

    /// <summary>The check on <paramref name="survivor"/> for <paramref name="product"/>; lines start with <paramref name="scenario"/>.</summary>
    public static async Task RunAsync(LoadContext context, SiloUnderTest survivor, string scenario, string product, UsedSeatsPoller poller, string licenseId, long retriedLogins, CancellationToken cancellationToken)
    {
        var used = await poller.WaitForAsync(0, Settle, cancellationToken).ConfigureAwait(false);
        context.Report.Fact(string.Create(
            CultureInfo.InvariantCulture,
            $"{scenario}: {retriedLogins:N0} logins were sent again after a lost answer (same request id); seats used after every client logged out: {used?.ToString(CultureInfo.InvariantCulture) ?? "unreadable"}"));
        await context.CheckSeatsReturnedAsync(survivor, licenseId, product, cancellationToken).ConfigureAwait(false);
    }
}
