using System.Diagnostics;
using System.Reflection;
using OrleansLicense.Runtime.Filters;
using OrleansLicense.Runtime.Grains;
using OrleansLicense.Runtime.Messaging;
using OrleansLicense.Runtime.Storage;

namespace OrleansLicense.Runtime.Activation;

/// <summary>A grain call queued on an activation; completes the caller's task with the result or the exception, unchanged.</summary>
internal sealed class CallWorkItem(GrainCall call, long deadline, TimeSpan responseTimeout) : WorkItem
{
    // A grain caller's await is queued to its own scheduler anyway: answering it on this thread saves a
    // thread-pool hop per call. Any other caller (an HTTP request, another silo) must not run its
    // continuation here, inside this activation's turn, so it is answered on the thread pool.
    private readonly TaskCompletionSource<object?> _result = new(call.FromGrainTurn ? TaskCreationOptions.None : TaskCreationOptions.RunContinuationsAsynchronously);

    // The token the running grain method sees; null before it starts and after it ends.
    private CancellationTokenSource? _grainToken;

    public GrainCall Call => call;

    public Task<object?> Result => _result.Task;

    public override bool ReadOnly => call.Method.ReadOnly;

    public override bool Interleave => call.Method.AlwaysInterleave;

    public override async Task ExecuteAsync(ActivationData activation)
    {
        var started = Stopwatch.GetTimestamp();
        var remaining = CallChainDeadline.Remaining(deadline);
        if (remaining == TimeSpan.Zero)
        {
            // The caller gave up already. Running it anyway would let a timed-out call cycle restart
            // itself forever (Orleans drops expired requests the same way).
            _result.TrySetException(new GrainCallTimeoutException(call.Method.Name, call.Target.ToString(), responseTimeout));
            return;
        }

        CallChainDeadline.Value = deadline;
        var grain = activation.Instance!;
        var arguments = call.Arguments;
        CancellationTokenSource? grainToken = null;
        if (call.Method.CancellationTokenIndex >= 0)
        {
            // The grain sees a token that ends when the caller stops waiting: cancelled with the
            // caller's token, or by the catalog's timeout sweep at the deadline (no timer per call).
            var callerToken = (CancellationToken)arguments[call.Method.CancellationTokenIndex]!;
            grainToken = callerToken.CanBeCanceled ? CancellationTokenSource.CreateLinkedTokenSource(callerToken) : new CancellationTokenSource();
            Volatile.Write(ref _grainToken, grainToken);
            arguments = (object?[])arguments.Clone();
            arguments[call.Method.CancellationTokenIndex] = grainToken.Token;
        }

        object? result = null;
        Exception? error = null;
        try
        {
            var filters = activation.Services.Filters;
            if (filters.Count == 0)
            {
                result = await InvokeGrainMethodAsync(grain, call.Method, arguments);
            }
            else
            {
                var context = new IncomingGrainCallContext(activation.GrainId, grain, call.Method, arguments, filters, InvokeGrainMethodAsync);
                await context.InvokeAsync();
                result = context.Result;
            }
        }
        catch (Exception ex)
        {
            error = ex;
            if (ex is InconsistentStateException)
            {
                // This activation's state is stale: drop it; the catalog retries the call once on a fresh one.
                activation.RequestDeactivation(DeactivationReason.InconsistentState);
            }
        }
        finally
        {
            Volatile.Write(ref _grainToken, null);
            grainToken?.Dispose();
        }

        // Counted before the caller hears the answer, so a caller that reads the statistics next finds its call.
        activation.Services.Statistics.Record(activation.Type.Name, call.Method.Name, Stopwatch.GetElapsedTime(started), error is not null);
        if (error is null)
        {
            _result.TrySetResult(result);
        }
        else
        {
            _result.TrySetException(error);
        }
    }

    public override void Reject(Exception reason) => _result.TrySetException(reason);

    /// <summary>Fails the call with the timeout error (no-op once it has an answer) and cancels the grain's token.</summary>
    public void TimeOut()
    {
        _result.TrySetException(new GrainCallTimeoutException(call.Method.Name, call.Target.ToString(), responseTimeout));
        try
        {
            Volatile.Read(ref _grainToken)?.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The grain finished meanwhile.
        }
    }

    /// <summary>Ends the caller's wait as cancelled; no-op once it has an answer.</summary>
    public void Cancel(CancellationToken cancellationToken) => _result.TrySetCanceled(cancellationToken);

    private static async Task<object?> InvokeGrainMethodAsync(Grain grain, GrainMethod method, object?[] arguments)
    {
        var task = (Task)method.Method.Invoke(grain, BindingFlags.DoNotWrapExceptions, binder: null, arguments, culture: null)!;
        await task;
        return method.GetResult(task);
    }
}
