using Microsoft.Extensions.DependencyInjection;
using OrleansLicense.Storage.EventLogs;

namespace OrleansLicense.Grains.Tests.Support;

/// <summary>
/// Counts the event reads (<see cref="IEventLogStore.ReadAsync"/>) of one grain's logs, so a test can tell whether an
/// answer came from memory or from the store. Everything passes through unchanged.
/// </summary>
internal sealed class StoreReads(string grainId)
{
    private readonly string _grainId = grainId;
    private int _count;

    /// <summary>How many reads of the grain's events the store served since the last <see cref="Reset"/>.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Starts counting again from 0.</summary>
    public void Reset() => Interlocked.Exchange(ref _count, 0);

    /// <summary>Wraps the silo's event log store (call after the storage is added).</summary>
    public void Install(IServiceCollection services) => EventLogStoreWrap.Install(services, inner => new CountingStore(inner, this));

    private sealed class CountingStore(IEventLogStore inner, StoreReads reads) : IEventLogStore
    {
        public Task<long> AppendAsync(string logName, string grainId, long expectedVersion, IReadOnlyList<EventRecord> events, CancellationToken cancellationToken)
            => inner.AppendAsync(logName, grainId, expectedVersion, events, cancellationToken);

        public Task<IReadOnlyList<StoredEvent>> ReadAsync(string logName, string grainId, long afterSequence, int maxCount, CancellationToken cancellationToken)
        {
            if (string.Equals(grainId, reads._grainId, StringComparison.Ordinal))
            {
                Interlocked.Increment(ref reads._count);
            }

            return inner.ReadAsync(logName, grainId, afterSequence, maxCount, cancellationToken);
        }

        public Task WriteSnapshotAsync(string logName, string grainId, StoredSnapshot snapshot, CancellationToken cancellationToken)
            => inner.WriteSnapshotAsync(logName, grainId, snapshot, cancellationToken);

        public Task<StoredSnapshot?> ReadSnapshotAsync(string logName, string grainId, CancellationToken cancellationToken)
            => inner.ReadSnapshotAsync(logName, grainId, cancellationToken);

        public Task<int> TrimAsync(string logName, string grainId, long throughSequence, CancellationToken cancellationToken)
            => inner.TrimAsync(logName, grainId, throughSequence, cancellationToken);
    }
}
