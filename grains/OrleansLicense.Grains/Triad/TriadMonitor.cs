using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Core.Internal;
using OrleansLicense.Grains.Hosting;

namespace OrleansLicense.Grains.Triad;

/// <summary>
/// Keeps this silo's <see cref="TriadSiloView"/> current (R-TRI-1, R-TRI-2): it reads the triad grain every
/// <see cref="RefreshInterval"/> and follows Orleans' membership as it changes, and decides with
/// <see cref="TriadQuorum.Decide"/> within a second of either. The active silo reports itself to the triad grain (it tells
/// the others). A silo with a quorum that is not the active one hands its license grains back: it deactivates them, and
/// placement activates them again on the active silo from the stored state (failback, and the move after creation).
/// Only a grid silo watches; a lone silo (SQLite) cannot be part of a triad.
/// </summary>
public sealed partial class TriadMonitor(
    IClusterMembershipService membership,
    ILocalSiloDetails local,
    IGrainFactory grains,
    TriadSiloView view,
    IOptions<LicensingOptions> options,
    TimeProvider clock,
    ILogger<TriadMonitor> logger) : ILifecycleParticipant<ISiloLifecycle>, IDisposable
{
    /// <summary>How often the triad grain is read: a change of roles reaches every silo within this.</summary>
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(1);

    /// <summary>How often the other members are pinged.</summary>
    public static readonly TimeSpan ProbeInterval = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// A member counts as reachable for this long after its last answered ping: a silo without answers for this long has
    /// no quorum (a few pings, so one slow answer on a busy machine does not fence a healthy triad).
    /// </summary>
    public static readonly TimeSpan ReachableFor = TimeSpan.FromSeconds(3);

    // A ping's own deadline; the first round after a change of the triad waits longer (a member's first probe activates).
    private static readonly TimeSpan PingTimeout = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan FirstPingTimeout = TimeSpan.FromSeconds(5);

    // The first read may wait for the grain's storage at start; later ones keep the last known triad when slow.
    private static readonly TimeSpan StartReadTimeout = TimeSpan.FromSeconds(10);

    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _decide = new();
    private TriadConfig? _config;
    private Task _loops = Task.CompletedTask;
    private int _sweeping;

    // Last answered ping per member address (this silo's own address is always reachable).
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, long> _answered = new(StringComparer.OrdinalIgnoreCase);

    /// <inheritdoc />
    public void Participate(ISiloLifecycle lifecycle)
    {
        if (options.Value.InGrid)
        {
            lifecycle.Subscribe(nameof(TriadMonitor), ServiceLifecycleStage.Active, StartAsync, StopAsync);
        }
    }

    /// <summary>Reads the triad grain now and decides again (after an administrator's change on this silo).</summary>
    public async Task RefreshAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            var config = await grains.GetGrain<ITriadGrain>(ITriadGrain.Key).Get().WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
            var changed = config?.Version != _config?.Version || config?.Id != _config?.Id;
            if (changed && config is not null)
            {
                // A new or changed triad: ask the members before anything decides with it, so this silo does not
                // believe itself alone for the moment before the first answers.
                await ProbeAsync(config, FirstPingTimeout, cancellationToken).ConfigureAwait(false);
            }

            _config = config;
            Decide();
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The grain lived on a silo that just died, or the store is slow: keep what was known, try again next tick.
            LogDebugReadFailed(logger, ex);
        }
    }

    /// <inheritdoc />
    public void Dispose() => _stopping.Dispose();

    private async Task StartAsync(CancellationToken cancellationToken)
    {
        // Known before the web server starts, so a silo of a triad never serves a request unfenced.
        await RefreshAsync(StartReadTimeout, cancellationToken).ConfigureAwait(false);
        _loops = Task.WhenAll(WatchMembershipAsync(_stopping.Token), PollTriadAsync(_stopping.Token), ProbeMembersAsync(_stopping.Token));
    }

    private async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await _loops.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    private async Task WatchMembershipAsync(CancellationToken cancellationToken)
    {
        await foreach (var _ in membership.MembershipUpdates.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            Decide();
            if (_config is { } config)
            {
                // A silo that joined (a returning primary) is asked at once, so control moves without waiting for the next round.
                await ProbeAsync(config, PingTimeout, cancellationToken).ConfigureAwait(false);
                Decide();
            }
        }
    }

    private async Task PollTriadAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(RefreshInterval, clock);
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
        {
            await RefreshAsync(RefreshInterval, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task ProbeMembersAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(ProbeInterval, clock);
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
        {
            if (_config is { } config)
            {
                await ProbeAsync(config, PingTimeout, cancellationToken).ConfigureAwait(false);
                Decide();
            }
        }
    }

    private Task ProbeAsync(TriadConfig config, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var self = TriadMember.AddressOf(local.SiloAddress);
        return Task.WhenAll(config.Members.Where(m => !string.Equals(m.Address, self, StringComparison.OrdinalIgnoreCase)).Select(m => PingAsync(m.Address, timeout, cancellationToken)));
    }

    private async Task PingAsync(string address, TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            await grains.GetGrain<ITriadProbeGrain>(address).Ping().WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
            _answered[address] = clock.GetTimestamp();
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Not answering is the information; the last answer ages out.
            LogDebugPingFailed(logger, address, ex);
        }
    }

    private bool Reachable(string address)
        => string.Equals(address, TriadMember.AddressOf(local.SiloAddress), StringComparison.OrdinalIgnoreCase)
            || (_answered.TryGetValue(address, out var at) && clock.GetElapsedTime(at) < ReachableFor);

    private void Decide()
    {
        TriadSnapshot next;
        TriadSnapshot previous;
        lock (_decide)
        {
            previous = view.Current;
            next = Snapshot(_config);
            if (SameAs(previous, next))
            {
                return;
            }

            view.Publish(next);
        }

        LogInformationDecided(logger, next.Config?.Name ?? "(none)", next.Self?.Role.ToString() ?? "none", next.Decision.Quorum, next.ActiveMember?.Address ?? "none", next.DescribeOthers());
        if (next.SelfIsActive && !previous.SelfIsActive)
        {
            _ = ReportActiveAsync(next);
        }

        // A silo outside the triad (a spare before it replaces a node) never hosts license grains either: what it still
        // hosts from before the triad would otherwise refuse every call without a quorum of its own.
        if (next.HasTriad && !next.SelfIsActive && (next.Decision.Quorum || next.Self is null))
        {
            _ = HandBackAsync();
        }
    }

    private TriadSnapshot Snapshot(TriadConfig? config)
    {
        if (config is null)
        {
            return TriadSnapshot.None;
        }

        var members = membership.CurrentSnapshot.Members.Values;
        var statuses = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var activeSilos = new Dictionary<string, SiloAddress>(StringComparer.OrdinalIgnoreCase);
        var declaredActive = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var member in config.Members)
        {
            var entries = members.Where(e => string.Equals(TriadMember.AddressOf(e.SiloAddress), member.Address, StringComparison.OrdinalIgnoreCase)).ToList();
            var active = entries.FirstOrDefault(e => e.Status == SiloStatus.Active);
            if (active is not null && Reachable(member.Address))
            {
                activeSilos[member.Address] = active.SiloAddress;
                statuses[member.Address] = "active";
            }
            else if (active is not null)
            {
                // Active in Orleans' table but not answering: not counted (a killed silo stays Active until voted dead).
                statuses[member.Address] = "unreachable";
                declaredActive.Add(member.Address);
            }
            else
            {
                statuses[member.Address] = entries.OrderByDescending(e => e.SiloAddress.Generation).FirstOrDefault()?.Status.ToString().ToLowerInvariant() ?? "absent";
            }
        }

        bool IsActive(TriadRole role) => activeSilos.ContainsKey(config.MemberIn(role).Address);
        var self = config.MemberAt(TriadMember.AddressOf(local.SiloAddress));
        var primary = IsActive(TriadRole.Primary);
        var tertiary = IsActive(TriadRole.Tertiary);

        // A member counts when it is Active in Orleans' membership and answers this silo's pings. The confirmation that the
        // primary is gone is Orleans' shared membership table: a silo leaves it Active only by its own shutdown or by a
        // death declaration that needs two votes, with the primary down the secondary's and the tertiary's. A reachable
        // tertiary while the table no longer holds the primary Active has therefore confirmed the primary is gone.
        var primaryInTable = primary || declaredActive.Contains(config.MemberIn(TriadRole.Primary).Address);
        var decision = TriadQuorum.Decide(self?.Role, primary, IsActive(TriadRole.Secondary), tertiary, tertiary && !primaryInTable);
        var activeSilo = decision.Active is { } role ? activeSilos.GetValueOrDefault(config.MemberIn(role).Address) : null;
        return new TriadSnapshot(config, self, decision, statuses, activeSilo, clock.GetUtcNow());
    }

    private static bool SameAs(TriadSnapshot a, TriadSnapshot b)
        => a.Config?.Version == b.Config?.Version
            && Equals(a.Config?.Id, b.Config?.Id)
            && Equals(a.Decision, b.Decision)
            && Equals(a.ActiveSilo, b.ActiveSilo)
            && a.Statuses.Count == b.Statuses.Count
            && a.Statuses.All(s => b.Statuses.TryGetValue(s.Key, out var other) && other == s.Value);

    private async Task ReportActiveAsync(TriadSnapshot snapshot)
    {
        try
        {
            await grains.GetGrain<ITriadGrain>(ITriadGrain.Key).ReportActive(snapshot.Self!.Address, snapshot.At).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            LogDebugReadFailed(logger, ex);
        }
    }

    /// <summary>Deactivates the license grains this silo still hosts; their next call activates them on the active silo.</summary>
    private async Task HandBackAsync()
    {
        if (Interlocked.Exchange(ref _sweeping, 1) == 1)
        {
            return;
        }

        try
        {
            var hosted = await grains.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics(null, [local.SiloAddress]).ConfigureAwait(false);
            var handed = 0;
            foreach (var grain in hosted.Where(g => TriadGrainTypes.IsLicenseGrain(g.GrainId.Type)))
            {
                await grains.GetGrain(grain.GrainId).AsReference<IGrainManagementExtension>().DeactivateOnIdle().ConfigureAwait(false);
                handed++;
            }

            if (handed > 0)
            {
                LogInformationHandedBack(logger, handed);
            }
        }
        catch (Exception ex)
        {
            LogWarningHandBackFailed(logger, ex);
        }
        finally
        {
            Volatile.Write(ref _sweeping, 0);
        }
    }

    [LoggerMessage(EventId = 3801, Level = LogLevel.Information, Message = "Triad {Triad}: this silo is {Role}, quorum {Quorum}, active {Active}; others: {Others}")]
    private static partial void LogInformationDecided(ILogger logger, string triad, string role, bool quorum, string active, string others);

    [LoggerMessage(EventId = 3802, Level = LogLevel.Debug, Message = "Reading or reporting to the triad grain failed; the last known triad stays")]
    private static partial void LogDebugReadFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 3805, Level = LogLevel.Debug, Message = "The triad member {Address} did not answer a ping")]
    private static partial void LogDebugPingFailed(ILogger logger, string address, Exception exception);

    [LoggerMessage(EventId = 3803, Level = LogLevel.Information, Message = "Handed {Count} license grain(s) back to the triad's active silo")]
    private static partial void LogInformationHandedBack(ILogger logger, int count);

    [LoggerMessage(EventId = 3804, Level = LogLevel.Warning, Message = "Handing license grains back to the triad's active silo failed; they move on their next call")]
    private static partial void LogWarningHandBackFailed(ILogger logger, Exception exception);
}
