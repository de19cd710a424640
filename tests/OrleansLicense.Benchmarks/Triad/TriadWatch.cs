using System.Diagnostics;
using OrleansLicense.Benchmarks.Failover;
using OrleansLicense.Benchmarks.Load;

namespace OrleansLicense.Benchmarks.Triad;

/// <summary>What the secondary did after the primary's kill, each as a time after the kill (null: not within the watch).</summary>
/// <param name="ActiveAfter">The secondary reported itself active (GET /api/v1/admin/triad on it).</param>
/// <param name="LoginAfter">A login sent to the secondary's gateway was decided again (201, or 409 seats_exhausted: served, the seats taken).</param>
internal sealed record TriadTakeover(TimeSpan? ActiveAfter, TimeSpan? LoginAfter);

/// <summary>
/// Watches the secondary from the primary's kill on: a login probe on its gateway, one after the other every 100 ms,
/// and its triad view. Bounded by <see cref="Limit"/>; a probe that took a seat gives it back at once.
/// </summary>
internal static class TriadWatch
{
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    public static async Task<TriadTakeover> WatchAsync(Task<KilledSilo?> killing, SiloUnderTest secondary, string product, string feature, CancellationToken cancellationToken)
    {
        if (await killing.ConfigureAwait(false) is not { } killed)
        {
            return new TriadTakeover(null, null);
        }

        using var http = LoopbackHttp.Create(secondary.BaseAddress, 2);
        http.Timeout = TimeSpan.FromSeconds(5);
        var probe = new SessionApi(http, product, feature);
        var address = TriadAdmin.Address(secondary);
        TimeSpan? active = null, login = null;
        while ((active is null || login is null) && Stopwatch.GetElapsedTime(killed.Timestamp) < Limit && !cancellationToken.IsCancellationRequested)
        {
            if (login is null)
            {
                var answer = await probe.LoginAsync(cancellationToken).ConfigureAwait(false);
                if (answer.Outcome is OpOutcome.Ok or OpOutcome.Refused)
                {
                    login = Stopwatch.GetElapsedTime(killed.Timestamp);
                }

                // The probe's seat goes back at once (a few tries while the grid settles), or the seats check afterwards would find it.
                for (var tries = 0; answer.SessionId is { } session && tries < 10; tries++)
                {
                    if ((await probe.LogoutAsync(session, CancellationToken.None).ConfigureAwait(false)).Outcome != OpOutcome.Unavailable)
                    {
                        break;
                    }

                    await Task.Delay(Interval, CancellationToken.None).ConfigureAwait(false);
                }
            }

            if (active is null && await TriadAdmin.ActiveAsync(secondary, cancellationToken).ConfigureAwait(false) == address)
            {
                active = Stopwatch.GetElapsedTime(killed.Timestamp);
            }

            await Task.Delay(Interval, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        return new TriadTakeover(active, login);
    }
}
