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
    private readonly TaskCompletionSource<object?> _result = new(TaskCreationOptions.RunContinuationsAsynchronously);

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
            // The grain sees a token that ends when the caller stops waiting.
            grainToken = CancellationTokenSource.CreateLinkedTokenSource((CancellationToken)arguments[call.Method.CancellationTokenIndex]!);
            grainToken.CancelAfter(remaining);
            arguments = (object?[])arguments.Clone();
            arguments[call.Method.CancellationTokenIndex] = grainToken.Token;
        }

        var failed = false;
        try
        {
            var filters = activation.Services.Filters;
            object? result;
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

            _result.TrySetResult(result);
        }
        catch (Exception ex)
        {
            failed = true;
            if (ex is InconsistentStateException)
            {
                // This activation's state is stale: drop it; the catalog retries the call once on a fresh one.
                activation.RequestDeactivation(DeactivationReason.InconsistentState);
            }

            _result.TrySetException(ex);
        }
        finally
        {
            grainToken?.Dispose();
            activation.Services.Statistics.Record(activation.Type.Name, call.Method.Name, Stopwatch.GetElapsedTime(started), failed);
        }
    }

    public override void Reject(Exception reason) => _result.TrySetException(reason);

    /// <summary>Fails the call with the timeout error; no-op once it has an answer.</summary>
    public void TimeOut() => _result.TrySetException(new GrainCallTimeoutException(call.Method.Name, call.Target.ToString(), responseTimeout));

    /// <summary>Ends the caller's wait as cancelled; no-op once it has an answer.</summary>
    public void Cancel(CancellationToken cancellationToken) => _result.TrySetCanceled(cancellationToken);

    private static async Task<object?> InvokeGrainMethodAsync(Grain grain, GrainMethod method, object?[] arguments)
    {
        var task = (Task)method.Method.Invoke(grain, BindingFlags.DoNotWrapExceptions, binder: null, arguments, culture: null)!;
        await task;
        return method.GetResult(task);
    }
}
