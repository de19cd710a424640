using Orleans.Reminders.Diagnostics;

namespace OrleansLicense.Grains.Tests.Support;

/// <summary>
/// Follows Orleans' reminder events to tell when a grain's reminder waits for its next tick on a silo. A test that
/// advances the manual clock past a reminder's due time must wait for that first: the reminder service arms its
/// wait in the background (after a registration, and after a start, when it loads the table), and a wait armed
/// after the clock jumped past the due time is scheduled for the next point of the reminder's period instead.
/// </summary>
internal sealed class ReminderWatch : IObserver<ReminderEvents.ReminderEvent>, IDisposable
{
    private readonly Lock _lock = new();
    private readonly Dictionary<GrainId, (SiloAddress? Silo, bool Armed)> _last = [];
    private readonly IDisposable _subscription;

    public ReminderWatch() => _subscription = ReminderEvents.AllEvents.Subscribe(this);

    /// <summary>The grain id of a borrow (the grain with reminders).</summary>
    public static GrainId Borrow(string borrowId) => GrainId.Create("borrow", borrowId);

    /// <summary>Waits (bounded) until the grain's latest reminder event on the silo is an armed wait.</summary>
    public async Task ArmedAsync(GrainId grain, SiloAddress silo)
        => Assert.True(await SiloTestBase.Eventually(() => Task.FromResult(IsArmed(grain, silo))), $"The reminder of {grain} was not armed on {silo}.");

    public void OnNext(ReminderEvents.ReminderEvent value)
    {
        bool? armed = value switch
        {
            ReminderEvents.LocalReminderTickWaitArmed => true,
            ReminderEvents.Registered or ReminderEvents.LocalReminderStarted or ReminderEvents.LocalReminderScheduleChanged
                or ReminderEvents.TickFiring or ReminderEvents.Unregistered => false,
            _ => null,
        };
        if (armed is { } state)
        {
            lock (_lock)
            {
                _last[value.GrainId] = (value.SiloAddress, state);
            }
        }
    }

    public void OnCompleted()
    {
    }

    public void OnError(Exception error)
    {
    }

    public void Dispose() => _subscription.Dispose();

    private bool IsArmed(GrainId grain, SiloAddress silo)
    {
        lock (_lock)
        {
            return _last.TryGetValue(grain, out var last) && last.Armed && silo.Equals(last.Silo);
        }
    }
}
