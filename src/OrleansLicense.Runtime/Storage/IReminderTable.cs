using OrleansLicense.Runtime.Grains;

namespace OrleansLicense.Runtime.Storage;

/// <summary>A durable reminder row.</summary>
/// <param name="GrainId">The grain to remind.</param>
/// <param name="Name">The reminder name, unique per grain.</param>
/// <param name="StartAt">The first due time.</param>
/// <param name="Period">The period between ticks after the first.</param>
/// <param name="GrainHash"><see cref="GrainId.StableHash"/> of the grain; reminders are owned by hash range.</param>
/// <param name="Version">The row version; 0 on a row not yet stored.</param>
public sealed record ReminderEntry(GrainId GrainId, string Name, DateTimeOffset StartAt, TimeSpan Period, uint GrainHash, long Version);

/// <summary>Durable reminders, keyed by (grain, name), versioned.</summary>
public interface IReminderTable
{
    /// <summary>
    /// Reads the rows whose grain hash lies in the ring range (<paramref name="beginExclusive"/>,
    /// <paramref name="endInclusive"/>]: when begin &lt; end, begin &lt; hash &lt;= end; otherwise
    /// the range wraps (hash &gt; begin or hash &lt;= end), so begin == end is the whole ring.
    /// </summary>
    Task<IReadOnlyList<ReminderEntry>> ReadRangeAsync(uint beginExclusive, uint endInclusive, CancellationToken cancellationToken);

    /// <summary>Reads every reminder of one grain.</summary>
    Task<IReadOnlyList<ReminderEntry>> ReadGrainAsync(GrainId grainId, CancellationToken cancellationToken);

    /// <summary>Reads one reminder, or null.</summary>
    Task<ReminderEntry?> ReadAsync(GrainId grainId, string name, CancellationToken cancellationToken);

    /// <summary>Inserts or replaces a reminder (its <see cref="ReminderEntry.Version"/> is ignored) and returns the new version.</summary>
    Task<long> UpsertAsync(ReminderEntry entry, CancellationToken cancellationToken);

    /// <summary>Removes a reminder if its stored version is <paramref name="version"/>; true when a row was removed.</summary>
    Task<bool> RemoveAsync(GrainId grainId, string name, long version, CancellationToken cancellationToken);
}
