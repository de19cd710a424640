using Microsoft.Data.Sqlite;
using OrleansLicense.Runtime.Grains;
using OrleansLicense.Runtime.Storage;

namespace OrleansLicense.Runtime.Sqlite;

/// <summary>Versioned grain state documents in the <c>grain_state</c> table.</summary>
internal sealed class SqliteGrainStateStore(SqliteDatabase database) : IGrainStateStore
{

    public async Task<StoredState?> ReadAsync(string stateName, GrainId grainId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stateName);
        using var connection = await database.RentReaderAsync(cancellationToken).ConfigureAwait(false);
        var command = connection.Command("SELECT json, version FROM grain_state WHERE state_name = $name AND grain_id = $grain;")
            .With("$name", stateName)
            .With("$grain", grainId.ToString());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new StoredState(reader.GetString(0), reader.GetInt64(1))
            : null;
    }

    public Task<long> WriteAsync(string stateName, GrainId grainId, string json, long expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stateName);
        ArgumentNullException.ThrowIfNull(json);
        ArgumentOutOfRangeException.ThrowIfNegative(expectedVersion);
        var grain = grainId.ToString();
        // State writes of many grains share commits (one fsync for all that arrive together).
        return database.Coalescer.WriteAsync(
            async (transaction, ct) =>
            {
                // Expected 0 inserts (a present row, whatever its version, makes it a no-op);
                // otherwise the WHERE on the version is the compare-and-swap.
                var sql = expectedVersion == 0
                    ? "INSERT INTO grain_state (state_name, grain_id, json, version) VALUES ($name, $grain, $json, 1) ON CONFLICT DO NOTHING;"
                    : "UPDATE grain_state SET json = $json, version = version + 1 WHERE state_name = $name AND grain_id = $grain AND version = $expected;";
                var command = database.Prepared(transaction, sql)
                    .With("$name", stateName)
                    .With("$grain", grain)
                    .With("$json", json)
                    .With("$expected", expectedVersion);
                if (await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false) == 1)
                {
                    // The coalescer commits the batch this write belongs to.
                    return expectedVersion + 1;
                }

                throw Conflict(stateName, grainId, expectedVersion, await ReadVersionAsync(transaction, stateName, grain, ct).ConfigureAwait(false));
            },
            cancellationToken,
            singleStatement: true);
    }

    public Task ClearAsync(string stateName, GrainId grainId, long expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stateName);
        ArgumentOutOfRangeException.ThrowIfNegative(expectedVersion);
        var grain = grainId.ToString();
        return database.WriteAsync(
            async (transaction, ct) =>
            {
                if (expectedVersion == 0)
                {
                    var stored = await ReadVersionAsync(transaction, stateName, grain, ct).ConfigureAwait(false);
                    return stored is null ? true : throw Conflict(stateName, grainId, expectedVersion, stored);
                }

                await using var command = transaction.CreateCommand("DELETE FROM grain_state WHERE state_name = $name AND grain_id = $grain AND version = $expected;")
                    .With("$name", stateName)
                    .With("$grain", grain)
                    .With("$expected", expectedVersion);
                if (await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false) == 1)
                {
                    transaction.Commit();
                    return true;
                }

                throw Conflict(stateName, grainId, expectedVersion, await ReadVersionAsync(transaction, stateName, grain, ct).ConfigureAwait(false));
            },
            cancellationToken);
    }

    private async Task<long?> ReadVersionAsync(SqliteTransaction transaction, string stateName, string grain, CancellationToken cancellationToken)
    {
        var command = database.Prepared(transaction, "SELECT version FROM grain_state WHERE state_name = $name AND grain_id = $grain;")
            .With("$name", stateName)
            .With("$grain", grain);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long version ? version : null;
    }

    private static InconsistentStateException Conflict(string stateName, GrainId grainId, long expected, long? stored) =>
        new($"State '{stateName}' of grain {grainId} was expected at version {expected} but is at {(stored is { } v ? v.ToString(System.Globalization.CultureInfo.InvariantCulture) : "none")}.", expected, stored);
}
