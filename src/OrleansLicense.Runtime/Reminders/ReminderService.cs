using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using OrleansLicense.Runtime.Grains;
using OrleansLicense.Runtime.Storage;

namespace OrleansLicense.Runtime.Reminders;

/// <summary>
/// Durable reminders: rows in <see cref="IReminderTable"/>, each scheduled here as a timer on the
/// clock; a tick calls <see cref="IRemindable.ReceiveReminderAsync"/> through the grain's
/// reference, activating the grain if needed. On start every reminder owned by this silo is
/// loaded; one whose due time passed while no silo ran fires once at once, then follows its
/// period (grains recompute due work from their own state, so a catch-up tick is harmless).
/// </summary>
public sealed partial class ReminderService(
    IReminderTable table,
    Lazy<IGrainFactory> grainFactory,
    TimeProvider clock,
    ILogger<ReminderService> logger) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<(GrainId GrainId, string Name), ScheduledReminder> _scheduled = new();
    private readonly CancellationTokenSource _stopping = new();
    private volatile bool _started;

    /// <summary>How many reminders this silo has scheduled.</summary>
    public int ScheduledCount => _scheduled.Count;

    /// <summary>Every reminder scheduled on this silo with its next due time (for the dashboard and tests).</summary>
    public IReadOnlyList<(GrainId GrainId, string Name, DateTimeOffset DueAt)> Scheduled()
        => [.. _scheduled.Values.Select(s => (s.Entry.GrainId, s.Entry.Name, s.DueAt))];

    /// <summary>Loads and schedules the reminders this silo owns: the whole ring (begin == end) on a single silo.</summary>
    public Task StartAsync(uint beginExclusive, uint endInclusive, CancellationToken cancellationToken)
        => RebalanceAsync(beginExclusive, endInclusive, cancellationToken);

    /// <summary>
    /// Takes ownership of a new hash range (after a membership change): schedules its reminders
    /// not yet scheduled here and drops those now owned by another silo.
    /// </summary>
    public async Task RebalanceAsync(uint beginExclusive, uint endInclusive, CancellationToken cancellationToken)
    {
        var rows = await table.ReadRangeAsync(beginExclusive, endInclusive, cancellationToken).ConfigureAwait(false);
        _started = true;
        var owned = rows.Select(r => (r.GrainId, r.Name)).ToHashSet();
        foreach (var key in _scheduled.Keys.Where(k => !owned.Contains(k)).ToList())
        {
            if (_scheduled.TryRemove(key, out var dropped))
            {
                dropped.Timer.Dispose();
            }
        }

        var now = clock.GetUtcNow();
        var added = 0;
        foreach (var row in rows.Where(r => !_scheduled.ContainsKey((r.GrainId, r.Name))))
        {
            // Missed while down: fire now, then continue on the period grid.
            Schedule(row, row.StartAt <= now ? now : row.StartAt);
            added++;
        }

        LogInformationLoaded(logger, added, _scheduled.Count);
    }

    /// <summary>Stops every timer (silo shutdown); rows stay for the next start.</summary>
    public async Task StopAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        foreach (var reminder in _scheduled.Values)
        {
            reminder.Timer.Dispose();
        }

        _scheduled.Clear();
    }

    /// <summary>Creates or replaces a reminder: first tick after <paramref name="dueTime"/>, then every <paramref name="period"/>.</summary>
    public async Task RegisterOrUpdateAsync(GrainId grainId, string name, TimeSpan dueTime, TimeSpan period, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentOutOfRangeException.ThrowIfLessThan(dueTime, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(period, TimeSpan.Zero);
        var start = clock.GetUtcNow() + dueTime;
        var entry = new ReminderEntry(grainId, name, start, period, grainId.StableHash(), 0);
        var version = await table.UpsertAsync(entry, cancellationToken).ConfigureAwait(false);
        if (_started)
        {
            Schedule(entry with { Version = version }, start);
        }
    }

    /// <summary>Removes a reminder; no error when there is none.</summary>
    public async Task UnregisterAsync(GrainId grainId, string name, CancellationToken cancellationToken)
    {
        if (_scheduled.TryRemove((grainId, name), out var scheduled))
        {
            scheduled.Timer.Dispose();
        }

        var row = await table.ReadAsync(grainId, name, cancellationToken).ConfigureAwait(false);
        if (row is not null)
        {
            await table.RemoveAsync(grainId, name, row.Version, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        // The token source is not disposed: it holds no timer, and hosts may call StopAsync after
        // disposing (WebApplicationFactory stops a host Program already stopped and disposed).
        await StopAsync().ConfigureAwait(false);
    }

    private void Schedule(ReminderEntry entry, DateTimeOffset firstDue)
    {
        var key = (entry.GrainId, entry.Name);
        var scheduled = new ScheduledReminder(entry);
        scheduled.Timer = clock.CreateTimer(static s => ((ScheduledReminder)s!).Fire(), scheduled, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        scheduled.OnFire = () => _ = DeliverAsync(scheduled);
        if (_scheduled.TryGetValue(key, out var previous))
        {
            previous.Timer.Dispose();
        }

        _scheduled[key] = scheduled;
        Arm(scheduled, firstDue);
    }

    private void Arm(ScheduledReminder scheduled, DateTimeOffset due)
    {
        scheduled.DueAt = due;
        var delay = due - clock.GetUtcNow();
        scheduled.Timer.Change(delay < TimeSpan.Zero ? TimeSpan.Zero : delay, Timeout.InfiniteTimeSpan);
    }

    private async Task DeliverAsync(ScheduledReminder scheduled)
    {
        var entry = scheduled.Entry;

        // A reminder tick starts a fresh call chain, whatever context armed its timer.
        Messaging.CallChainDeadline.Value = 0;
        if (_stopping.IsCancellationRequested || !_scheduled.TryGetValue((entry.GrainId, entry.Name), out var current) || current != scheduled)
        {
            return;
        }

        try
        {
            var grain = grainFactory.Value.GetGrain<IRemindable>(entry.GrainId);
            await grain.ReceiveReminderAsync(entry.Name, new ReminderTick(scheduled.DueAt, entry.Period), _stopping.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (!_stopping.IsCancellationRequested)
        {
            LogWarningDeliveryFailed(logger, ex, entry.Name, entry.GrainId);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        if (_scheduled.TryGetValue((entry.GrainId, entry.Name), out current) && current == scheduled && !_stopping.IsCancellationRequested)
        {
            Arm(scheduled, NextDue(entry, clock.GetUtcNow()));
        }
    }

    private static DateTimeOffset NextDue(ReminderEntry entry, DateTimeOffset now)
    {
        if (now < entry.StartAt)
        {
            return entry.StartAt;
        }

        var periods = ((now - entry.StartAt).Ticks / entry.Period.Ticks) + 1;
        return entry.StartAt + TimeSpan.FromTicks(periods * entry.Period.Ticks);
    }

    [LoggerMessage(EventId = 1301, Level = LogLevel.Information, Message = "Scheduled {Added} more reminders; {Count} in this silo's range")]
    private static partial void LogInformationLoaded(ILogger logger, int added, int count);

    [LoggerMessage(EventId = 1302, Level = LogLevel.Warning, Message = "Reminder {Name} of {GrainId} failed")]
    private static partial void LogWarningDeliveryFailed(ILogger logger, Exception exception, string name, GrainId grainId);

    private sealed class ScheduledReminder(ReminderEntry entry)
    {
        public ReminderEntry Entry { get; } = entry;

        public ITimer Timer { get; set; } = null!;

        public Action OnFire { get; set; } = static () => { };

        public DateTimeOffset DueAt { get; set; }

        public void Fire() => OnFire();
    }
}
