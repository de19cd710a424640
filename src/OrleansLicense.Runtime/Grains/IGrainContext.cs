using OrleansLicense.Runtime.Timers;

namespace OrleansLicense.Runtime.Grains;

/// <summary>What the runtime gives a grain instance: its identity and the services of its activation.</summary>
public interface IGrainContext
{
    /// <summary>The grain's identity.</summary>
    GrainId GrainId { get; }

    /// <summary>The factory for references to other grains.</summary>
    IGrainFactory GrainFactory { get; }

    /// <summary>The clock; tests replace it.</summary>
    TimeProvider TimeProvider { get; }

    /// <summary>Asks for deactivation once the running turns end.</summary>
    void DeactivateOnIdle();

    /// <summary>Registers a timer whose ticks run as turns of this activation.</summary>
    IDisposable RegisterTimer(Func<CancellationToken, Task> callback, GrainTimerOptions options);

    /// <summary>Creates or updates a durable reminder for this grain.</summary>
    Task RegisterOrUpdateReminderAsync(string name, TimeSpan dueTime, TimeSpan period, CancellationToken cancellationToken);

    /// <summary>Removes a durable reminder of this grain; no error when it does not exist.</summary>
    Task UnregisterReminderAsync(string name, CancellationToken cancellationToken);
}
