using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using OrleansLicense.Runtime.Grains;
using OrleansLicense.Runtime.Messaging;
using OrleansLicense.Runtime.Storage;

namespace OrleansLicense.Runtime.Activation;

/// <summary>
/// The activations of this silo and the local call path: find or create the grain's activation,
/// queue the call, wait for the answer up to the response timeout. A call whose activation went
/// away first is sent to a fresh one; a call that failed with
/// <see cref="InconsistentStateException"/> is retried once on a fresh activation.
/// </summary>
internal sealed partial class Catalog(
    GrainTypeRegistry registry,
    Lazy<ActivationServices> services,
    RuntimeOptionsSnapshot options,
    ILogger<Catalog> logger) : IGrainCallInvoker, IDisposable
{
    // A call can meet a deactivating activation a few times in a row under churn; more means a bug.
    private const int MaxReroutes = 8;

    private readonly ConcurrentDictionary<GrainId, ActivationData> _activations = new();

    // Ten sweeps per response timeout, at most every 100 ms: a timeout is reported at most that late.
    private readonly CallTimeoutSweeper _timeouts = new(TimeSpan.FromTicks(Math.Clamp(
        options.Value.ResponseTimeout.Ticks / 10, TimeSpan.TicksPerMillisecond, TimeSpan.TicksPerMillisecond * 100)));

    public int Count => _activations.Count;

    public IEnumerable<ActivationData> Activations => _activations.Values;

    public Task<object?> InvokeAsync(GrainCall call, CancellationToken cancellationToken)
        => InvokeLocalAsync(call, CallChainDeadline.ForNewCall(options.Value.ResponseTimeout), cancellationToken);

    /// <summary>True when this silo has an activation of the grain now.</summary>
    public bool HasActivation(GrainId grainId) => _activations.ContainsKey(grainId);

    /// <summary>Runs the call on this silo's activation of the grain (creating it), by <paramref name="deadline"/> (a Stopwatch timestamp).</summary>
    public async Task<object?> InvokeLocalAsync(GrainCall call, long deadline, CancellationToken cancellationToken)
    {
        var timeout = options.Value.ResponseTimeout;
        var retriedInconsistent = false;
        for (var attempt = 0; ; attempt++)
        {
            var item = new CallWorkItem(call, deadline, timeout);
            var activation = Deliver(call.Target, item);
            if (call.Method.OneWay)
            {
                ObserveOneWay(item.Result, call);
                return null;
            }

            // No timer and no WaitAsync per call: the sweeper fails the item at its deadline, and the
            // caller's continuation follows the callee's answer directly.
            _timeouts.Track(item, deadline);
            using var cancellation = cancellationToken.CanBeCanceled
                ? cancellationToken.UnsafeRegister(static (state, token) => ((CallWorkItem)state!).Cancel(token), item)
                : default;
            try
            {
                return await item.Result.ConfigureAwait(false);
            }
            catch (ActivationUnavailableException) when (attempt < MaxReroutes)
            {
                await activation.Deactivated.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
            }
            catch (InconsistentStateException ex) when (!retriedInconsistent)
            {
                retriedInconsistent = true;
                LogInformationRetryInconsistent(logger, call.Method.Name, call.Target, ex.ExpectedVersion, ex.StoredVersion);
                await activation.Deactivated.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Asks every activation idle since <paramref name="idleSince"/> to deactivate, except [KeepAlive] ones; returns how many.</summary>
    public int CollectIdle(DateTimeOffset idleSince)
    {
        var collected = 0;
        foreach (var activation in _activations.Values)
        {
            if (!activation.Type.KeepAlive && activation.IsIdleSince(idleSince))
            {
                activation.RequestDeactivation(DeactivationReason.Idle);
                collected++;
            }
        }

        return collected;
    }

    /// <summary>Deactivates every activation (silo shutdown) and waits for them, up to the timeout.</summary>
    public async Task DeactivateAllAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        var all = _activations.Values.ToArray();
        foreach (var activation in all)
        {
            activation.RequestDeactivation(reason);
        }

        await Task.WhenAll(all.Select(a => a.Deactivated)).WaitAsync(options.Value.DeactivationTimeout, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public void Dispose() => _timeouts.Dispose();

    internal void OnActivationGone(ActivationData activation)
        => _activations.TryRemove(new KeyValuePair<GrainId, ActivationData>(activation.GrainId, activation));

    /// <summary>Queues the item on the grain's activation, creating it if needed, and returns the activation.</summary>
    private ActivationData Deliver(GrainId grainId, WorkItem item)
    {
        while (true)
        {
            if (_activations.TryGetValue(grainId, out var existing))
            {
                existing.Enqueue(item);
                return existing;
            }

            var type = registry.ForName(grainId.Type);
            var created = new ActivationData(grainId, type, services.Value);
            if (_activations.TryAdd(grainId, created))
            {
                // Queue the call first, so that if activation fails this caller hears why.
                created.Enqueue(item);
                created.Start();
                return created;
            }
        }
    }

    private void ObserveOneWay(Task<object?> result, GrainCall call)
        => result.ContinueWith(
            t => LogWarningOneWayFailed(logger, t.Exception!.GetBaseException(), call.Method.Name, call.Target),
            CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);

    [LoggerMessage(EventId = 1201, Level = LogLevel.Information, Message = "Retrying {Method} on {GrainId} on a fresh activation after a state conflict (expected version {Expected}, stored {Stored})")]
    private static partial void LogInformationRetryInconsistent(ILogger logger, string method, GrainId grainId, long expected, long? stored);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Warning, Message = "One-way call {Method} on {GrainId} failed")]
    private static partial void LogWarningOneWayFailed(ILogger logger, Exception exception, string method, GrainId grainId);
}
