using System.Collections.Concurrent;

namespace OrleansLicense.Runtime.Tests.Support;

/// <summary>
/// What test grains report, so tests await events instead of sleeping: named signals that
/// complete when a grain reaches a point, named gates a grain waits on until the test opens
/// them, and counters.
/// </summary>
internal sealed class Probe
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _signals = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _gates = new();
    private readonly ConcurrentDictionary<string, int> _counters = new();
    private readonly ConcurrentQueue<string> _events = new();

    public IReadOnlyList<string> Events => [.. _events];

    public void Record(string what) => _events.Enqueue(what);

    public void Signal(string name) => Get(_signals, name).TrySetResult();

    public Task WhenSignalled(string name) => Get(_signals, name).Task.WaitAsync(TimeSpan.FromSeconds(10));

    public Task Gate(string name) => Get(_gates, name).Task;

    public void Open(string name) => Get(_gates, name).TrySetResult();

    public int Increment(string counter) => _counters.AddOrUpdate(counter, 1, static (_, v) => v + 1);

    public int Count(string counter) => _counters.GetValueOrDefault(counter);

    private static TaskCompletionSource Get(ConcurrentDictionary<string, TaskCompletionSource> map, string name)
        => map.GetOrAdd(name, static _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}
