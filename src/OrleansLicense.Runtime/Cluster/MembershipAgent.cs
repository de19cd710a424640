using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansLicense.Runtime.Membership;
using OrleansLicense.Runtime.Messaging.Remote;

namespace OrleansLicense.Runtime.Cluster;

/// <summary>
/// This silo's part in the membership protocol (Orleans' design, faster defaults). Join: insert a
/// Joining row, reach every Active silo, turn Active. Then: write IAmAlive, re-read the table,
/// probe every Active peer each period; after <see cref="ClusterOptions.MissedProbesLimit"/> misses
/// in a row (one of them an indirect probe through another silo) vote the peer suspect; a peer
/// with min(2, majority) fresh votes is declared Dead. Every status change and vote is a
/// compare-and-swap on the table version. Nobody is voted dead while this silo cannot read the
/// table (it may be the one cut off). A silo that reads itself Dead stops.
/// </summary>
internal sealed partial class MembershipAgent(
    IMembershipTable table,
    ClusterView view,
    SiloTransport transport,
    IOptions<ClusterOptions> options,
    TimeProvider clock,
    IHostApplicationLifetime lifetime,
    ILogger<MembershipAgent> logger) : IAsyncDisposable
{
    private readonly ClusterOptions _options = options.Value;
    private readonly Dictionary<SiloAddress, int> _missed = [];
    private readonly CancellationTokenSource _stopping = new();
    private Task _loops = Task.CompletedTask;
    private bool _tableReadable = true;

    /// <summary>Raised once when this silo reads itself declared dead.</summary>
    public event EventHandler? DeclaredDead;

    /// <summary>Joins the cluster: after this returns the silo is Active.</summary>
    public async Task JoinAsync(CancellationToken cancellationToken)
    {
        await table.InitializeAsync(cancellationToken).ConfigureAwait(false);
        var now = clock.GetUtcNow();
        var self = new MembershipEntry(view.Self, _options.SiloName ?? $"{Environment.MachineName}:{view.Self.Port}", _options.GatewayUrl, SiloStatus.Joining, now, now, [], _options.Role);
        await RetryCasAsync(async data => await table.InsertAsync(self, data.Version, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        LogInformationJoining(logger, view.Self);

        // A joining silo must reach every Active silo, or wait until the others declare it dead.
        var deadline = clock.GetUtcNow() + TimeSpan.FromSeconds(60);
        while (true)
        {
            var data = await table.ReadAllAsync(cancellationToken).ConfigureAwait(false);
            view.Update(data, clock.GetUtcNow(), _options.IAmAliveStaleAfter);
            var peers = view.Active.Where(e => e.Silo != view.Self).ToList();
            var answers = await Task.WhenAll(peers.Select(p => transport.PingAsync(p.Silo, cancellationToken))).ConfigureAwait(false);
            var unreachable = peers.Where((p, i) => !answers[i]).Select(p => p.Silo).ToList();
            if (unreachable.Count == 0)
            {
                break;
            }

            if (clock.GetUtcNow() > deadline)
            {
                throw new InvalidOperationException($"Silo {view.Self} cannot reach Active silo(s) {string.Join(", ", unreachable)}; check the silo port and firewall.");
            }

            LogWarningJoinWaiting(logger, string.Join(", ", unreachable));
            await Task.Delay(_options.ProbePeriod, clock, cancellationToken).ConfigureAwait(false);
        }

        await SetOwnStatusAsync(SiloStatus.Active, cancellationToken).ConfigureAwait(false);
        await RefreshAsync(cancellationToken).ConfigureAwait(false);
        LogInformationActive(logger, view.Self, view.Active.Count);
        _loops = Task.WhenAll(
            LoopAsync(_options.IAmAlivePeriod, ct => table.UpdateIAmAliveAsync(view.Self, clock.GetUtcNow(), ct)),
            LoopAsync(_options.TableRefreshPeriod, RefreshAsync),
            LoopAsync(_options.ProbePeriod, ProbeAsync));
    }

    /// <summary>Leaves gracefully: ShuttingDown, then Dead, so peers stop routing here at once.</summary>
    public async Task LeaveAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _loops.ConfigureAwait(false);
        if (view.SelfStatus is SiloStatus.Active or SiloStatus.Joining)
        {
            try
            {
                await SetOwnStatusAsync(SiloStatus.Dead, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogWarningLeaveFailed(logger, ex);
            }
        }
    }

    public async ValueTask DisposeAsync() => await _stopping.CancelAsync().ConfigureAwait(false);

    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        MembershipTableData data;
        try
        {
            data = await table.ReadAllAsync(cancellationToken).ConfigureAwait(false);
            _tableReadable = true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _tableReadable = false;
            LogWarningTableUnreadable(logger, ex);
            return;
        }

        view.Update(data, clock.GetUtcNow(), _options.IAmAliveStaleAfter);
        if (view.SelfStatus == SiloStatus.Dead && !_stopping.IsCancellationRequested)
        {
            LogCriticalDeclaredDead(logger, view.Self);
            await _stopping.CancelAsync().ConfigureAwait(false);
            DeclaredDead?.Invoke(this, EventArgs.Empty);
            if (_options.ExitProcessWhenDeclaredDead)
            {
                // Exit non-zero: the service manager restarts the process as a new generation.
                Environment.ExitCode = 3;
                lifetime.StopApplication();
            }
        }
    }

    private async Task ProbeAsync(CancellationToken cancellationToken)
    {
        var peers = view.Active.Where(e => e.Silo != view.Self).Select(e => e.Silo).ToList();
        foreach (var gone in _missed.Keys.Except(peers).ToList())
        {
            _missed.Remove(gone);
        }

        var answers = await Task.WhenAll(peers.Select(p => transport.PingAsync(p, cancellationToken))).ConfigureAwait(false);

        // Reaching none of two or more peers: most likely this silo is the one cut off, so it does not vote.
        var isolated = peers.Count >= 2 && answers.All(a => !a);
        for (var i = 0; i < peers.Count; i++)
        {
            var peer = peers[i];
            if (answers[i])
            {
                _missed[peer] = 0;
                continue;
            }

            var missed = _missed[peer] = _missed.GetValueOrDefault(peer) + 1;
            if (missed == 2 && await IndirectProbeSucceedsAsync(peer, peers, cancellationToken).ConfigureAwait(false))
            {
                // Another silo still reaches it: the trouble is between us two, not the peer.
                _missed[peer] = 0;
                continue;
            }

            if (missed >= _options.MissedProbesLimit && _tableReadable && !isolated)
            {
                await VoteAsync(peer, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task<bool> IndirectProbeSucceedsAsync(SiloAddress peer, IReadOnlyList<SiloAddress> peers, CancellationToken cancellationToken)
    {
        foreach (var via in peers.Where(p => p != peer).OrderBy(_ => Random.Shared.Next()).Take(1))
        {
            if (await transport.PingViaAsync(via, peer, cancellationToken).ConfigureAwait(false) == true)
            {
                return true;
            }
        }

        return false;
    }

    private async Task VoteAsync(SiloAddress suspect, CancellationToken cancellationToken)
    {
        var data = await table.ReadAllAsync(cancellationToken).ConfigureAwait(false);
        var row = data.Entries.FirstOrDefault(e => e.Silo == suspect);
        if (row is null || row.Status == SiloStatus.Dead)
        {
            return;
        }

        if (data.Entries.FirstOrDefault(e => e.Silo == view.Self)?.Status != SiloStatus.Active)
        {
            // Only Active silos vote: a silo already declared dead must not shrink the quorum and evict others.
            return;
        }

        var now = clock.GetUtcNow();
        var votes = row.Suspicions.Where(v => v.Voter != view.Self).Append(new SuspectVote(view.Self, now)).ToList();

        // Fresh = within the expiration of the newest vote, so skewed clocks do not revive old votes.
        var newest = votes.Max(v => v.At);
        var fresh = votes.Where(v => newest - v.At <= _options.VoteExpiration).ToList();
        var activeOthers = data.Entries.Count(e => e.Status == SiloStatus.Active && e.Silo != suspect && now - e.IAmAliveAt <= _options.IAmAliveStaleAfter);
        var needed = Math.Min(2, (activeOthers / 2) + 1);
        var declare = fresh.Select(v => v.Voter).Distinct().Count() >= needed;
        var updated = row with { Suspicions = fresh, Status = declare ? SiloStatus.Dead : row.Status };
        if (await table.UpdateAsync(updated, data.Version, cancellationToken).ConfigureAwait(false))
        {
            if (declare)
            {
                LogWarningDeclaredPeerDead(logger, suspect, fresh.Count);
            }
            else
            {
                LogInformationVoted(logger, suspect, fresh.Count, needed);
            }
        }
    }

    private async Task SetOwnStatusAsync(SiloStatus status, CancellationToken cancellationToken)
        => await RetryCasAsync(
            async data =>
            {
                var row = data.Entries.First(e => e.Silo == view.Self);
                return await table.UpdateAsync(row with { Status = status }, data.Version, cancellationToken).ConfigureAwait(false);
            },
            cancellationToken).ConfigureAwait(false);

    private async Task RetryCasAsync(Func<MembershipTableData, Task<bool>> attempt, CancellationToken cancellationToken)
    {
        for (var i = 0; ; i++)
        {
            var data = await table.ReadAllAsync(cancellationToken).ConfigureAwait(false);
            if (await attempt(data).ConfigureAwait(false))
            {
                return;
            }

            if (i >= 50)
            {
                throw new InvalidOperationException("The membership table version kept moving; giving up after 50 attempts.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(5, 50)), cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task LoopAsync(TimeSpan period, Func<CancellationToken, Task> action)
    {
        using var timer = new PeriodicTimer(period, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(_stopping.Token).ConfigureAwait(false))
            {
                try
                {
                    await action(_stopping.Token).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogWarningLoopFailed(logger, ex);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Silo {Silo} joining the cluster")]
    private static partial void LogInformationJoining(ILogger logger, SiloAddress silo);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "Silo {Silo} is Active; {Count} Active silo(s)")]
    private static partial void LogInformationActive(ILogger logger, SiloAddress silo, int count);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Warning, Message = "Joining: waiting to reach {Silos}")]
    private static partial void LogWarningJoinWaiting(ILogger logger, string silos);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Warning, Message = "The membership table cannot be read; no silo will be voted dead meanwhile")]
    private static partial void LogWarningTableUnreadable(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Critical, Message = "Silo {Silo} was declared dead by the cluster; stopping")]
    private static partial void LogCriticalDeclaredDead(ILogger logger, SiloAddress silo);

    [LoggerMessage(EventId = 2006, Level = LogLevel.Warning, Message = "Declared silo {Silo} dead ({Votes} vote(s))")]
    private static partial void LogWarningDeclaredPeerDead(ILogger logger, SiloAddress silo, int votes);

    [LoggerMessage(EventId = 2007, Level = LogLevel.Information, Message = "Voted silo {Silo} suspect ({Votes} of {Needed} vote(s))")]
    private static partial void LogInformationVoted(ILogger logger, SiloAddress silo, int votes, int needed);

    [LoggerMessage(EventId = 2008, Level = LogLevel.Warning, Message = "Leaving the membership table failed")]
    private static partial void LogWarningLeaveFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 2009, Level = LogLevel.Warning, Message = "A membership loop failed; it goes on")]
    private static partial void LogWarningLoopFailed(ILogger logger, Exception exception);
}
