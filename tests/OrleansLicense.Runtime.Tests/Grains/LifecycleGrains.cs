using OrleansLicense.Runtime.Grains;
using OrleansLicense.Runtime.Reminders;
using OrleansLicense.Runtime.Tests.Support;

namespace OrleansLicense.Runtime.Tests.Grains;

public interface ILifecycleGrain : IGrain
{
    Task<string> Ping();

    Task StartTimer(TimeSpan period);

    Task StartReminder(TimeSpan due, TimeSpan period);

    Task StopReminder();
}

/// <summary>Reports activation, deactivation, timer ticks and reminders to the probe.</summary>
internal sealed class LifecycleGrain(Probe probe) : Grain, ILifecycleGrain, IRemindable
{
    private readonly string _activationId = Guid.NewGuid().ToString("N");

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        probe.Increment($"{Key}:activated");
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        probe.Record($"{Key}:deactivated:{reason}");
        probe.Signal($"{Key}:deactivated");
        return Task.CompletedTask;
    }

    public Task<string> Ping() => Task.FromResult(_activationId);

    public Task StartTimer(TimeSpan period)
    {
        RegisterGrainTimer(
            _ =>
            {
                var ticks = probe.Increment($"{Key}:tick");
                probe.Signal($"{Key}:tick:{ticks}");
                return Task.CompletedTask;
            },
            period,
            period);
        return Task.CompletedTask;
    }

    public Task StartReminder(TimeSpan due, TimeSpan period) => RegisterOrUpdateReminderAsync("r", due, period);

    public Task StopReminder() => UnregisterReminderAsync("r");

    public Task ReceiveReminderAsync(string reminderName, ReminderTick tick, CancellationToken cancellationToken)
    {
        var count = probe.Increment($"{Key}:reminder");
        probe.Record($"{Key}:reminder:{reminderName}:{tick.DueAt:O}");
        probe.Signal($"{Key}:reminder:{count}");
        return Task.CompletedTask;
    }
}

public interface IHotGrain : IGrain
{
    Task<string> Ping();
}

[KeepAlive]
internal sealed class HotGrain(Probe probe) : Grain, IHotGrain
{
    public Task<string> Ping() => Task.FromResult(Key);

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        probe.Record($"{Key}:deactivated:{reason}");
        return Task.CompletedTask;
    }
}
