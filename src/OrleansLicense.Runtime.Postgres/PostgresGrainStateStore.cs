using System.Globalization;
using Microsoft.Extensions.Logging;
using Npgsql;
using OrleansLicense.Runtime.Grains;
using OrleansLicense.Runtime.Storage;

namespace OrleansLicense.Runtime.Postgres;

/// <summary>Versioned grain state documents in the <c>grain_state</c> table.</summary>
internal sealed class PostgresGrainStateStore : IGrainStateStore
{
    private readonly PostgresDatabase _database;
    private readonly ILogger<PostgresGrainStateStore> _logger;
    private readonly string _read;
    private readonly string _readVersion;
    private readonly string _insert;
    private readonly string _update;
    private readonly string _delete;

    public PostgresGrainStateStore(PostgresDatabase database, ILogger<PostgresGrainStateStore> logger)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(logger);
        _database = database;
        _logger = logger;
        var table = database.Table("grain_state");
        _read = $"SELECT json, version FROM {table} WHERE state_name = @name AND grain_id = @grain;";
        _readVersion = $"SELECT version FROM {table} WHERE state_name = @name AND grain_id = @grain;";

        // Each write is one statement in its own implicit transaction. Expected 0 inserts (a present
        // row, whatever its version, makes it a no-op; concurrent inserters wait on the key and then
        // do nothing); otherwise the WHERE on the version is the compare-and-swap (a concurrent
        // updater waits for the row lock, re-checks the WHERE on the new row and matches nothing).
        _insert = $"INSERT INTO {table} (state_name, grain_id, json, version) VALUES (@name, @grain, @json, 1) ON CONFLICT DO NOTHING;";
        _update = $"UPDATE {table} SET json = @json, version = version + 1 WHERE state_name = @name AND grain_id = @grain AND version = @expected;";
        _delete = $"DELETE FROM {table} WHERE state_name = @name AND grain_id = @grain AND version = @expected;";
    }

    /// <inheritdoc />
    public async Task<StoredState?> ReadAsync(string stateName, GrainId grainId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stateName);
        await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command(_read)
            .With("name", stateName)
            .With("grain", grainId.ToString());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new StoredState(reader.GetString(0), reader.GetInt64(1))
            : null;
    }

    /// <inheritdoc />
    public async Task<long> WriteAsync(string stateName, GrainId grainId, string json, long expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stateName);
        ArgumentNullException.ThrowIfNull(json);
        ArgumentOutOfRangeException.ThrowIfNegative(expectedVersion);
        var grain = grainId.ToString();
        await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (var command = connection.Command(expectedVersion == 0 ? _insert : _update)
            .With("name", stateName)
            .With("grain", grain)
            .With("json", json))
        {
            if (expectedVersion != 0)
            {
                command.With("expected", expectedVersion);
            }

            if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1)
            {
                return expectedVersion + 1;
            }
        }

        throw await ConflictAsync(connection, stateName, grainId, grain, expectedVersion, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task ClearAsync(string stateName, GrainId grainId, long expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stateName);
        ArgumentOutOfRangeException.ThrowIfNegative(expectedVersion);
        var grain = grainId.ToString();
        await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        if (expectedVersion == 0)
        {
            // Nothing to delete: clearing "no document" succeeds exactly when there is none.
            if (await ReadVersionAsync(connection, stateName, grain, cancellationToken).ConfigureAwait(false) is { } stored)
            {
                throw Conflict(stateName, grainId, grain, expectedVersion, stored);
            }

            return;
        }

        await using (var command = connection.Command(_delete)
            .With("name", stateName)
            .With("grain", grain)
            .With("expected", expectedVersion))
        {
            if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1)
            {
                return;
            }
        }

        throw await ConflictAsync(connection, stateName, grainId, grain, expectedVersion, cancellationToken).ConfigureAwait(false);
    }

    private async Task<InconsistentStateException> ConflictAsync(NpgsqlConnection connection, string stateName, GrainId grainId, string grain, long expected, CancellationToken cancellationToken)
    {
        // Read after the failed write, for the message only: the version may move again at once.
        var stored = await ReadVersionAsync(connection, stateName, grain, cancellationToken).ConfigureAwait(false);
        return Conflict(stateName, grainId, grain, expected, stored);
    }

    private InconsistentStateException Conflict(string stateName, GrainId grainId, string grain, long expected, long? stored)
    {
        PostgresLog.StateConflict(_logger, stateName, grain, expected, stored);
        return new InconsistentStateException(
            $"State '{stateName}' of grain {grainId} was expected at version {expected} but is at {(stored is { } v ? v.ToString(CultureInfo.InvariantCulture) : "none")}.",
            expected,
            stored);
    }

    private async Task<long?> ReadVersionAsync(NpgsqlConnection connection, string stateName, string grain, CancellationToken cancellationToken)
    {
        await using var command = connection.Command(_readVersion)
            .With("name", stateName)
            .With("grain", grain);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long version ? version : null;
    }
}
