using Microsoft.Extensions.DependencyInjection;
using OrleansLicense.Storage.EventLogs;

namespace OrleansLicense.Grains.Tests.Support;

/// <summary>What the probe does with one append of a seat pool.</summary>
internal enum AppendStep
{
    /// <summary>Stores it and answers.</summary>
    Pass,

    /// <summary>Refuses it: nothing is stored, the pool gets an error.</summary>
    Fail,

    /// <summary>Stores it and never answers: the silo dies right after the commit, before anyone heard of it.</summary>
    StoreAndHang,

    /// <summary>Stores it and answers only once the test calls <see cref="AppendProbe.ReleaseHeld"/>: an append still in flight.</summary>
    StoreAndHold,
}

/// <summary>
/// A test's hand on the seat pools' appends (<see cref="IEventLogStore.AppendAsync"/>) of one pool: each append of
/// that pool takes the next scripted step; appends beyond the script, and of other pools, pass.
/// </summary>
internal sealed class AppendProbe
{
    private readonly Lock _lock = new();
    private readonly Queue<AppendStep> _script = new();
    private readonly TaskCompletionSource _hanging = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private string? _poolKey;

    /// <summary>Completes once an append was stored and left hanging (or held).</summary>
    public Task Hanging => _hanging.Task;

    /// <summary>Scripts the next appends of the pool of <paramref name="licenseId"/>/<paramref name="feature"/>.</summary>
    public void Script(string licenseId, string feature, params AppendStep[] steps)
    {
        lock (_lock)
        {
            _poolKey = $"/{licenseId}/{feature}";
            _script.Clear();
            foreach (var step in steps)
            {
                _script.Enqueue(step);
            }
        }
    }

    /// <summary>Lets every held append answer.</summary>
    public void ReleaseHeld() => _released.TrySetResult();

    /// <summary>Every later append passes.</summary>
    public void Clear() => Script("", "");

    /// <summary>Wraps the silo's event log store (call after the storage is added).</summary>
    public void Install(IServiceCollection services) => EventLogStoreWrap.Install(services, inner => new ProbedStore(inner, this));

    private AppendStep Next(string grainId)
    {
        lock (_lock)
        {
            // Grain ids read "feature/<license>/<feature>".
            return _poolKey is { Length: > 2 } key && grainId.EndsWith(key, StringComparison.Ordinal) && _script.TryDequeue(out var step)
                ? step
                : AppendStep.Pass;
        }
    }

    private sealed class ProbedStore(IEventLogStore inner, AppendProbe probe) : IEventLogStore
    {
        public async Task<long> AppendAsync(string logName, string grainId, long expectedVersion, IReadOnlyList<EventRecord> events, CancellationToken cancellationToken)
        {
            var step = probe.Next(grainId);
            if (step == AppendStep.Fail)
            {
                throw new IOException($"Append to {grainId} refused by the test.");
            }

            var version = await inner.AppendAsync(logName, grainId, expectedVersion, events, cancellationToken);
            if (step == AppendStep.StoreAndHang)
            {
                probe._hanging.TrySetResult();
                await Task.Delay(Timeout.Infinite, CancellationToken.None);
            }
            else if (step == AppendStep.StoreAndHold)
            {
                probe._hanging.TrySetResult();
                await probe._released.Task;
            }

            return version;
        }

        public Task<IReadOnlyList<StoredEvent>> ReadAsync(string logName, string grainId, long afterSequence, int maxCount, CancellationToken cancellationToken)
            => inner.ReadAsync(logName, grainId, afterSequence, maxCount, cancellationToken);

        public Task WriteSnapshotAsync(string logName, string grainId, StoredSnapshot snapshot, CancellationToken cancellationToken)
            => inner.WriteSnapshotAsync(logName, grainId, snapshot, cancellationToken);

        public Task<StoredSnapshot?> ReadSnapshotAsync(string logName, string grainId, CancellationToken cancellationToken)
            => inner.ReadSnapshotAsync(logName, grainId, cancellationToken);

        public Task<int> TrimAsync(string logName, string grainId, long throughSequence, CancellationToken cancellationToken)
            => inner.TrimAsync(logName, grainId, throughSequence, cancellationToken);
    }
}
