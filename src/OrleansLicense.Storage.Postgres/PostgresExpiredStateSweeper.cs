using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using OrleansLicense.Storage.Expiry;

namespace OrleansLicense.Storage.Postgres;

/// <summary>
/// Deletes <c>orleansstorage</c> rows whose <c>forgetafter</c> has passed (#12 storage growth). Every silo of a grid
/// runs one: a chunk locks the rows it deletes and skips rows another silo's chunk holds (SKIP LOCKED), so concurrent
/// sweeps share the work instead of waiting on each other, and a row is deleted once whoever gets it.
/// </summary>
internal sealed class PostgresExpiredStateSweeper(
    NpgsqlDataSource dataSource,
    IOptions<PostgresStorageOptions> options,
    TimeProvider clock,
    ILogger<PostgresExpiredStateSweeper> logger) : ExpiredStateSweeper(clock, logger)
{
    // The outer condition again: a row written meanwhile (its expiry moved or cleared) is not deleted.
    private const string DeleteExpired = """
        DELETE FROM orleansstorage
        WHERE id IN (
            SELECT id FROM orleansstorage
            WHERE forgetafter IS NOT NULL AND forgetafter <= @now
            LIMIT @max
            FOR UPDATE SKIP LOCKED)
          AND forgetafter <= @now;
        """;

    /// <inheritdoc />
    protected override TimeSpan Interval => options.Value.ExpiredStateSweepInterval;

    /// <inheritdoc />
    protected override string StoreName => "PostgreSQL storage";

    /// <inheritdoc />
    protected override async Task<int> DeleteChunkAsync(DateTimeOffset now, int max, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command(DeleteExpired)
            .With("now", now.ToUniversalTime())
            .With("max", max);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
