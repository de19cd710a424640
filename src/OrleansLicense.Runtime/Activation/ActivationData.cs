using Microsoft.Extensions.Logging;
using OrleansLicense.Runtime.Grains;
using OrleansLicense.Runtime.Persistence;
using OrleansLicense.Runtime.Timers;

namespace OrleansLicense.Runtime.Activation;

/// <summary>
/// The one activation of a grain on this silo: its instance, its scheduler and its queue of work.
/// Admission rules (Orleans' turn-based concurrency): one item at a time, awaits included;
/// <c>[Reentrant]</c> grains and <c>[AlwaysInterleave]</c> methods interleave; <c>[ReadOnly]</c>
/// methods interleave with each other; activation and deactivation run alone. Waiting items start
/// in arrival order.
/// </summary>
internal sealed partial class ActivationData : IGrainContext
{
    private readonly Lock _lock = new();
    private readonly Queue<WorkItem> _waiting = new();
    private readonly List<GrainTimer> _timers = [];
    private readonly TaskCompletionSource _deactivated = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ActivationServices _services;
    private int _running;
    private int _runningWriters;
    private bool _exclusiveRunning;
    private bool _deactivationRequested;
    private DeactivationReason _deactivationReason;
    private DateTimeOffset _lastActivity;
    private bool _registered;

    public ActivationData(GrainId grainId, GrainTypeInfo type, ActivationServices services)
    {
        GrainId = grainId;
        Type = type;
        _services = services;
        ActivationId = Guid.NewGuid().ToString("N");
        _lastActivity = services.TimeProvider.GetUtcNow();
    }

    public GrainId GrainId { get; }

    public GrainTypeInfo Type { get; }

    /// <summary>Unique per activation; the directory tells a stale entry from a fresh one by it.</summary>
    public string ActivationId { get; }

    public ActivationState State { get; private set; } = ActivationState.Activating;

    public Grain? Instance { get; private set; }

    public ActivationTaskScheduler Scheduler { get; } = new();

    /// <summary>Persistent facets created for the instance, loaded before OnActivateAsync.</summary>
    public IReadOnlyList<IGrainStorageFacet> Facets { get; private set; } = [];

    /// <summary>Completes when the activation is gone (deactivated or failed to activate).</summary>
    public Task Deactivated => _deactivated.Task;

    public IGrainFactory GrainFactory => _services.GrainFactory;

    public TimeProvider TimeProvider => _services.TimeProvider;

    internal ActivationServices Services => _services;

    /// <summary>True when nothing runs or waits and the grain was unused since <paramref name="idleSince"/>.</summary>
    public bool IsIdleSince(DateTimeOffset idleSince)
    {
        lock (_lock)
        {
            return State == ActivationState.Valid && _running == 0 && _waiting.Count == 0 && _lastActivity <= idleSince;
        }
    }

    /// <summary>Starts activation: the first item, which every other waits behind.</summary>
    public void Start()
    {
        var item = new ActivateWorkItem();
        lock (_lock)
        {
            StartLocked(item);
        }

        Run(item);
    }

    /// <summary>Queues work from any thread; starts it at once when the admission rules allow.</summary>
    public void Enqueue(WorkItem item)
    {
        bool start;
        lock (_lock)
        {
            if (State == ActivationState.Invalid)
            {
                start = false;
            }
            else
            {
                start = (_waiting.Count == 0 || item.Interleave) && CanStart(item);
                if (start)
                {
                    StartLocked(item);
                }
                else
                {
                    _waiting.Enqueue(item);
                    return;
                }
            }
        }

        if (start)
        {
            Run(item);
        }
        else
        {
            item.Reject(new ActivationUnavailableException($"The activation of {GrainId} is gone."));
        }
    }

    public void DeactivateOnIdle() => RequestDeactivation(DeactivationReason.ApplicationRequested);

    /// <summary>Queues deactivation behind the work already queued (once).</summary>
    public void RequestDeactivation(DeactivationReason reason)
    {
        lock (_lock)
        {
            if (_deactivationRequested || State == ActivationState.Invalid)
            {
                return;
            }

            _deactivationRequested = true;
            _deactivationReason = reason;
        }

        Enqueue(new DeactivateWorkItem(reason));
    }

    public IDisposable RegisterTimer(Func<CancellationToken, Task> callback, GrainTimerOptions options)
    {
        ArgumentNullException.ThrowIfNull(callback);
        ArgumentNullException.ThrowIfNull(options);
        var timer = new GrainTimer(this, callback, options);
        lock (_lock)
        {
            if (State is ActivationState.Deactivating or ActivationState.Invalid)
            {
                throw new InvalidOperationException($"Cannot register a timer on {GrainId}: it is deactivating.");
            }

            _timers.Add(timer);
        }

        timer.Start();
        return timer;
    }

    public Task RegisterOrUpdateReminderAsync(string name, TimeSpan dueTime, TimeSpan period, CancellationToken cancellationToken)
        => _services.Reminders.RegisterOrUpdateAsync(GrainId, name, dueTime, period, cancellationToken);

    public Task UnregisterReminderAsync(string name, CancellationToken cancellationToken)
        => _services.Reminders.UnregisterAsync(GrainId, name, cancellationToken);

    internal void RemoveTimer(GrainTimer timer)
    {
        lock (_lock)
        {
            _timers.Remove(timer);
        }
    }

    // Runs inside the activate item, on this activation's scheduler.
    internal async Task ActivateAsync()
    {
        using var cts = new CancellationTokenSource(_services.Options.ActivationTimeout);

        // Register before loading state: if another silo's activation won, calls go there.
        await _services.Directory.RegisterAsync(this, cts.Token);
        _registered = true;
        var (instance, facets) = _services.Activator.Create(this);
        Instance = instance;
        Facets = facets;
        foreach (var facet in facets)
        {
            await facet.LoadAsync(cts.Token);
        }

        await instance.OnActivateAsync(cts.Token);
    }

    // Runs inside the deactivate item, on this activation's scheduler.
    internal async Task DeactivateAsync(DeactivationReason reason)
    {
        GrainTimer[] timers;
        lock (_lock)
        {
            State = ActivationState.Deactivating;
            timers = [.. _timers];
            _timers.Clear();
        }

        foreach (var timer in timers)
        {
            timer.Dispose();
        }

        using var cts = new CancellationTokenSource(_services.Options.DeactivationTimeout);
        if (Instance is not null && reason != DeactivationReason.InconsistentState)
        {
            try
            {
                await Instance.OnDeactivateAsync(reason, cts.Token);
            }
            catch (Exception ex)
            {
                LogWarningDeactivateFailed(_services.Logger, ex, GrainId);
            }
        }

        await UnregisterAsync(cts.Token);
    }

    // A failed activation that registered must not leave its entry behind.
    internal async Task UnregisterAsync(CancellationToken cancellationToken)
    {
        if (_registered)
        {
            _registered = false;
            await _services.Directory.UnregisterAsync(this, cancellationToken);
        }
    }

    private bool CanStart(WorkItem item)
    {
        if (_exclusiveRunning)
        {
            return false;
        }

        if (item.Exclusive)
        {
            return _running == 0;
        }

        if (State != ActivationState.Valid)
        {
            // Calls queued during activation wait for it; during deactivation they wait to be rerouted.
            return false;
        }

        return _running == 0
            || item.Interleave
            || Type.Reentrant
            || (item.ReadOnly && _runningWriters == 0);
    }

    private void StartLocked(WorkItem item)
    {
        _running++;
        if (!item.ReadOnly)
        {
            _runningWriters++;
        }

        if (item.Exclusive)
        {
            _exclusiveRunning = true;
        }
    }

    private void Run(WorkItem item)
        => _ = Task.Factory.StartNew(RunAsync, item, CancellationToken.None, TaskCreationOptions.DenyChildAttach, Scheduler);

    private async Task RunAsync(object? state)
    {
        var item = (WorkItem)state!;
        var outcome = ItemOutcome.Succeeded;

        // Timer ticks, activation and deactivation start no call chain; a call item sets its own.
        Messaging.CallChainDeadline.Value = 0;
        try
        {
            await item.ExecuteAsync(this);
        }
        catch (Exception ex)
        {
            // Items report their own outcome; an exception here is an activation or deactivation failure.
            outcome = ItemOutcome.Failed;
            if (item is ActivateWorkItem)
            {
                if (ex is not Directory.DuplicateActivationException)
                {
                    LogWarningActivationFailed(_services.Logger, ex, GrainId);
                }

                await UnregisterAsync(CancellationToken.None);
                Complete(item, outcome, ex);
                return;
            }

            LogErrorWorkItemFailed(_services.Logger, ex, GrainId);
        }

        Complete(item, outcome, null);
    }

    private void Complete(WorkItem item, ItemOutcome outcome, Exception? activationError)
    {
        List<WorkItem>? toStart = null;
        List<WorkItem>? toReject = null;
        var becameInvalid = false;
        lock (_lock)
        {
            _running--;
            if (!item.ReadOnly)
            {
                _runningWriters--;
            }

            if (item.Exclusive)
            {
                _exclusiveRunning = false;
            }

            if (item.CountsAsActivity)
            {
                _lastActivity = _services.TimeProvider.GetUtcNow();
            }

            if (item is ActivateWorkItem)
            {
                if (outcome == ItemOutcome.Succeeded)
                {
                    State = ActivationState.Valid;
                }
                else
                {
                    State = ActivationState.Invalid;
                    becameInvalid = true;
                }
            }
            else if (item is DeactivateWorkItem)
            {
                State = ActivationState.Invalid;
                becameInvalid = true;
            }

            if (becameInvalid)
            {
                toReject = [.. _waiting];
                _waiting.Clear();
            }
            else
            {
                while (_waiting.TryPeek(out var next) && CanStart(next))
                {
                    _waiting.Dequeue();
                    StartLocked(next);
                    (toStart ??= []).Add(next);
                }
            }
        }

        if (becameInvalid)
        {
            _services.Catalog.OnActivationGone(this);
            var reason = activationError is not null && !_deactivationRequested
                ? activationError
                : new ActivationUnavailableException($"The activation of {GrainId} was deactivated ({_deactivationReason}).");
            foreach (var rejected in toReject!)
            {
                rejected.Reject(reason);
            }

            _deactivated.TrySetResult();
            return;
        }

        if (toStart is not null)
        {
            foreach (var next in toStart)
            {
                Run(next);
            }
        }
    }

    private enum ItemOutcome
    {
        Succeeded,
        Failed,
    }

    [LoggerMessage(EventId = 1101, Level = LogLevel.Warning, Message = "Activation of grain {GrainId} failed")]
    private static partial void LogWarningActivationFailed(ILogger logger, Exception exception, GrainId grainId);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Warning, Message = "OnDeactivateAsync of grain {GrainId} failed")]
    private static partial void LogWarningDeactivateFailed(ILogger logger, Exception exception, GrainId grainId);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Error, Message = "A work item of grain {GrainId} failed")]
    private static partial void LogErrorWorkItemFailed(ILogger logger, Exception exception, GrainId grainId);
}
