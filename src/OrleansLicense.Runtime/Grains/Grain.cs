using OrleansLicense.Runtime.Timers;

namespace OrleansLicense.Runtime.Grains;

/// <summary>
/// The base of every grain class. The runtime creates one instance per activation, loads its
/// persistent facets, then calls <see cref="OnActivateAsync"/>; all calls run as turns on the
/// activation's own scheduler, so grain code needs no locks (do not use ConfigureAwait(false) in
/// grain code: it would leave the activation's scheduler).
/// </summary>
public abstract class Grain
{
    private IGrainContext? _context;

    /// <summary>The activation's context; set by the runtime before activation.</summary>
    protected internal IGrainContext Context
    {
        get => _context ?? throw new InvalidOperationException("The grain is not activated by the runtime yet (do not use grain services in the constructor).");
        internal set => _context = value;
    }

    /// <summary>The grain's identity.</summary>
    public GrainId GrainId => Context.GrainId;

    /// <summary>The key of this grain.</summary>
    protected string Key => Context.GrainId.Key;

    /// <summary>The factory for references to other grains.</summary>
    protected IGrainFactory GrainFactory => Context.GrainFactory;

    /// <summary>The clock.</summary>
    protected TimeProvider TimeProvider => Context.TimeProvider;

    /// <summary>Runs after state is loaded, before the first call.</summary>
    public virtual Task OnActivateAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Runs once when the activation goes away (not on a crash).</summary>
    public virtual Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Asks the runtime to deactivate this activation when the running turns end.</summary>
    protected void DeactivateOnIdle() => Context.DeactivateOnIdle();

    /// <summary>Registers an in-memory timer whose ticks run as turns of this activation.</summary>
    protected IDisposable RegisterGrainTimer(Func<CancellationToken, Task> callback, TimeSpan dueTime, TimeSpan period)
        => Context.RegisterTimer(callback, new GrainTimerOptions(dueTime, period));

    /// <summary>Registers an in-memory timer with every option, e.g. one whose ticks interleave with running turns.</summary>
    protected IDisposable RegisterGrainTimer(Func<CancellationToken, Task> callback, GrainTimerOptions options)
        => Context.RegisterTimer(callback, options);

    /// <summary>Creates or updates a durable reminder; the grain must implement <see cref="Reminders.IRemindable"/>.</summary>
    protected Task RegisterOrUpdateReminderAsync(string name, TimeSpan dueTime, TimeSpan period, CancellationToken cancellationToken = default)
        => Context.RegisterOrUpdateReminderAsync(name, dueTime, period, cancellationToken);

    /// <summary>Removes a durable reminder of this grain.</summary>
    protected Task UnregisterReminderAsync(string name, CancellationToken cancellationToken = default)
        => Context.UnregisterReminderAsync(name, cancellationToken);
}
