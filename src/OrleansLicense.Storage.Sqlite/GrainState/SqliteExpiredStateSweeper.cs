using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansLicense.Storage.Expiry;
using OrleansLicense.Storage.Sqlite.Database;

namespace OrleansLicense.Storage.Sqlite.GrainState;

/// <summary>
/// Deletes <c>grain_state</c> rows whose <c>forget_after</c> has passed (#12 storage growth). Each chunk is one
/// statement queued through the write coalescer like any grain's write, so it shares a commit with them and never
/// holds the writer for more than one bounded delete.
/// </summary>
internal sealed class SqliteExpiredStateSweeper(
    SqliteDatabase database,
    IOptions<SqliteStorageOptions> options,
    TimeProvider clock,
    ILogger<SqliteExpiredStateSweeper> logger) : ExpiredStateSweeper(clock, logger)
{
    // The partial index holds only rows with an expiry; the rowid subquery bounds the chunk (SQLite's DELETE ... LIMIT
    // needs a compile-time option the bundled library lacks).
    private const string DeleteExpired = """
        DELETE FROM grain_state WHERE rowid IN (
            SELECT rowid FROM grain_state WHERE forget_after IS NOT NULL AND forget_after <= $now LIMIT $max);
        """;

    /// <inheritdoc />
    protected override TimeSpan Interval => options.Value.ExpiredStateSweepInterval;

    /// <inheritdoc />
    protected override string StoreName => "SQLite storage " + database.Connections.DataSource;

    /// <inheritdoc />
    protected override Task<int> DeleteChunkAsync(DateTimeOffset now, int max, CancellationToken cancellationToken)
    {
        var at = SqliteTime.ToUnixMs(now);
        return database.Coalescer.WriteAsync(
            (transaction, ct) => database.Prepared(transaction, DeleteExpired)
                .With("$now", at)
                .With("$max", max)
                .ExecuteNonQueryAsync(ct),
            cancellationToken,
            singleStatement: true);
    }
}
