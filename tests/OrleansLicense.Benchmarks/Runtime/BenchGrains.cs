using System.Text.Json;
using System.Text.Json.Serialization;
using Orleans.Concurrency;
using OrleansLicense.Storage.EventLogs;

namespace OrleansLicense.Benchmarks.Runtime;

public interface IEchoGrain : IGrainWithStringKey
{
    Task<int> Echo(int value);
}

/// <summary>A grain call with no work: measures Orleans' call path.</summary>
internal sealed class EchoGrain : Grain, IEchoGrain
{
    public Task<int> Echo(int value) => Task.FromResult(value);
}

[JsonPolymorphic(TypeDiscriminatorPropertyName = "$e")]
[JsonDerivedType(typeof(Counted), "counted")]
public abstract record CountEvent;

public sealed record Counted(int Amount) : CountEvent;

public sealed class CountState : IEventSourcedState<CountEvent>
{
    public long Total { get; set; }

    public void Apply(CountEvent @event) => Total += ((Counted)@event).Amount;
}

/// <summary>The append grain's group-commit statistics.</summary>
[GenerateSerializer, Immutable]
public sealed record AppendStats(long Batches, long Requests, int Largest);

public interface IAppendGrain : IGrainWithStringKey
{
    /// <summary>One durable event per call, group-committed with every other queued call.</summary>
    [AlwaysInterleave]
    Task<long> Append(int amount);

    [AlwaysInterleave]
    Task<AppendStats> Stats();
}

/// <summary>
/// The seat pool's shape without its rules: calls queue while an append is in flight, the next
/// flush stores all of them in one append to the event log (<see cref="IEventLogStore"/>), and
/// each caller is answered only after the append holding its event committed.
/// </summary>
[CollectionAgeLimit(AlwaysActive = true)]
internal sealed class AppendGrain(IEventLogStore store) : Grain, IAppendGrain
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly List<(int Amount, TaskCompletionSource<long> Caller)> _pending = [];
    private EventLog<CountState, CountEvent>? _log;
    private bool _flushing;
    private long _batches;
    private long _requests;
    private int _largest;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _log = new EventLog<CountState, CountEvent>("count", this.GetGrainId().ToString(), store, Json, TimeProvider.System, snapshotInterval: 100_000);
        await _log.LoadAsync(cancellationToken);
    }

    public Task<long> Append(int amount)
    {
        var caller = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending.Add((amount, caller));
        if (!_flushing)
        {
            // Runs on this activation's scheduler: its awaits resume in the activation, one turn at a time.
            _flushing = true;
            _ = FlushAsync();
        }

        return caller.Task;
    }

    public Task<AppendStats> Stats() => Task.FromResult(new AppendStats(_batches, _requests, _largest));

    private async Task FlushAsync()
    {
        var log = _log ?? throw new InvalidOperationException("Not activated.");
        try
        {
            while (_pending.Count > 0)
            {
                var batch = _pending.ToArray();
                _pending.Clear();
                var events = new List<CountEvent>(batch.Length);
                var answers = new long[batch.Length];
                var total = log.State.Total;
                for (var i = 0; i < batch.Length; i++)
                {
                    total += batch[i].Amount;
                    events.Add(new Counted(batch[i].Amount));
                    answers[i] = total;
                }

                try
                {
                    await log.AppendAsync(events);
                }
                catch (Exception ex)
                {
                    foreach (var (_, caller) in batch)
                    {
                        caller.TrySetException(ex);
                    }

                    continue;
                }

                _batches++;
                _requests += batch.Length;
                _largest = Math.Max(_largest, batch.Length);
                for (var i = 0; i < batch.Length; i++)
                {
                    batch[i].Caller.TrySetResult(answers[i]);
                }
            }
        }
        finally
        {
            _flushing = false;
        }
    }
}
