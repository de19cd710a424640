using System.Text.Json.Serialization;
using OrleansLicense.Runtime.Grains;
using OrleansLicense.Runtime.Persistence;

namespace OrleansLicense.Benchmarks.Runtime;

public interface IEchoGrain : IGrain
{
    Task<int> Echo(int value);
}

/// <summary>A grain call with no work: measures the runtime's call path.</summary>
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

public interface IAppendGrain : IGrain
{
    /// <summary>One durable event per call, group-committed with every other queued call.</summary>
    [AlwaysInterleave]
    Task<long> Append(int amount);

    [AlwaysInterleave]
    Task<(long Batches, long Requests, int Largest)> Stats();
}

[KeepAlive]
internal sealed class AppendGrain : Grain, IAppendGrain
{
    private readonly IEventLog<CountState, CountEvent> _log;
    private readonly GroupCommitQueue<int, long> _queue;

    public AppendGrain([EventLog("count", SnapshotInterval = 100_000)] IEventLog<CountState, CountEvent> log)
    {
        _log = log;
        _queue = new GroupCommitQueue<int, long>(async (items, ct) =>
        {
            var events = new List<CountEvent>(items.Count);
            var total = _log.State.Total;
            foreach (var item in items)
            {
                total += item.Request;
                events.Add(new Counted(item.Request));
                item.Answer(total);
            }

            await _log.AppendAsync(events, ct);
        });
    }

    public Task<long> Append(int amount) => _queue.EnqueueAsync(amount);

    public Task<(long Batches, long Requests, int Largest)> Stats() => Task.FromResult((_queue.BatchCount, _queue.RequestCount, _queue.LargestBatch));
}
