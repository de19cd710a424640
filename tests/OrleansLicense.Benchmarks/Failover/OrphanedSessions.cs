using System.Diagnostics;
using System.Globalization;
using OrleansLicense.Benchmarks.Load;
using OrleansLicense.Contracts.Sessions;

namespace OrleansLicense.Benchmarks.Failover;

/// <summary>
/// After the failover every client has logged out. A session still live is one whose login was
/// granted but whose answer died with the silo: nobody knows its id but the admin API, so the
/// harness logs it out through a surviving gateway; then every seat must be back. Both these and
/// seats left without any session are bounded by the logins that failed in the failover.
/// </summary>
internal static class OrphanedSessions
{
    public static async Task ReleaseAsync(LoadContext context, SiloGrid grid, IReadOnlyList<SessionApi> apis, UsedSeatsPoller poller, string licenseId, long lostLogins, CancellationToken cancellationToken)
    {
        var report = context.Report;
        var survivor = grid.Silos[FailoverScenario.Survivor];
        var live = (await survivor.Admin.ListSessionsAsync(cancellationToken).ConfigureAwait(false)).Where(s => s.Product == FailoverScenario.Product).ToList();
        var released = 0;
        foreach (var session in live)
        {
            foreach (var api in apis.Where((_, i) => !grid.Silos[i].HasExited))
            {
                var (outcome, _) = await api.LogoutAsync(session.SessionId, cancellationToken).ConfigureAwait(false);
                if (outcome == OpOutcome.Ok)
                {
                    released++;
                    break;
                }
            }
        }

        if (live.Count > 0)
        {
            report.Fact($"failover: {live.Count} sessions live after every client logged out (logins whose answer was lost: up to {lostLogins}); {released} logged out through a surviving gateway");
        }

        if (live.Count > lostLogins)
        {
            report.Fail($"failover: {live.Count} sessions live after every client logged out, more than the {lostLogins} logins whose answer was lost");
        }

        // A seat can also outlive its session: granted by the feature while the login that asked died with the silo,
        // before the session was stored. Nobody can log it out; its lease expires after the client timeout the scenario
        // set (the shortest, 60 s). The full run waits for that; --smoke (CI) only checks such seats are explained.
        var waited = Stopwatch.StartNew();
        var used = await poller.WaitForAsync(0, TimeSpan.FromSeconds(5), cancellationToken).ConfigureAwait(false);
        var stillLeased = 0;
        var lostWithoutSession = lostLogins - live.Count;
        if (used > lostWithoutSession)
        {
            report.Fail($"failover: {used} seats used with no live session after the logouts, more than the {lostWithoutSession} lost logins that left no session");
        }

        if (used is > 0 && context.Options.Smoke && used <= lostWithoutSession)
        {
            stillLeased = used.Value;
            report.Fact($"failover: {used} seats used with no live session after the logouts, granted to logins lost with the silo; their leases expire after {SessionTimeouts.MinSeconds} s, which --smoke does not wait for");
        }
        else if (used != 0)
        {
            var left = used;
            used = await poller.WaitForAsync(0, TimeSpan.FromSeconds(SessionTimeouts.MinSeconds + 15), cancellationToken).ConfigureAwait(false);
            report.Fact(string.Create(
                CultureInfo.InvariantCulture,
                $"failover: {Describe(left)} seats used with no live session after the logouts (granted to logins lost with the silo); {Describe(used)} {waited.Elapsed.TotalSeconds:0} s later (lease expiry, client timeout {SessionTimeouts.MinSeconds} s)"));
        }

        await context.CheckSeatsReturnedAsync(survivor, licenseId, FailoverScenario.Product, stillLeased, cancellationToken).ConfigureAwait(false);
    }

    private static string Describe(int? used) => used?.ToString(CultureInfo.InvariantCulture) ?? "unreadable";
}
