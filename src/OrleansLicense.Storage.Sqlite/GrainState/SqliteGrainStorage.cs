using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using Orleans.Storage;
using OrleansLicense.Storage.Expiry;
using OrleansLicense.Storage.Sqlite.Database;

namespace OrleansLicense.Storage.Sqlite.GrainState;

/// <summary>
/// Orleans grain storage in the <c>grain_state</c> table, one row per (state name, grain id), whose
/// writes of many grains share one transaction and one fsync (<see cref="SqliteWriteCoalescer"/>);
/// a write is answered once its commit is durable.
/// <list type="bullet">
/// <item>The ETag is the row's integer version: a write with a null ETag inserts version 1 and fails
/// when a row exists; any other write updates only the row at that version and bumps it.</item>
/// <item>A mismatch throws <see cref="InconsistentStateException"/> with <c>StoredEtag</c> (the stored
/// version, null when there is no row) and <c>CurrentEtag</c> (the grain's).</item>
/// <item>Clear deletes the row under the same check: afterwards the state is default, <c>RecordExists</c>
/// is false and the ETag null, exactly as for a grain never written, so sessions created and cleared
/// by the million leave nothing behind. (Orleans' ADO.NET storage keeps a row with a null payload and
/// a bumped version instead; both fence a writer holding the pre-clear ETag.)</item>
/// <item>State is plain System.Text.Json (<see cref="SqliteStateJsonOptions"/>), serialized in the
/// caller's turn, never with .NET type names.</item>
/// <item>A state that implements <see cref="IExpiringState"/> stores its <see cref="IExpiringState.ForgetAfter"/> in
/// <c>forget_after</c> (unix ms) on every write; <see cref="SqliteExpiredStateSweeper"/> deletes the row once that
/// has passed, and it then reads as never written (#12 storage growth).</item>
/// </list>
/// </summary>
internal sealed class SqliteGrainStorage(string name, SqliteDatabase database, JsonSerializerOptions json) : IGrainStorage
{
    private const string Insert = "INSERT INTO grain_state (state_name, grain_id, version, json, forget_after) VALUES ($name, $grain, 1, $json, $forget) ON CONFLICT DO NOTHING;";
    private const string Update = "UPDATE grain_state SET json = $json, forget_after = $forget, version = version + 1 WHERE state_name = $name AND grain_id = $grain AND version = $expected;";
    private const string Delete = "DELETE FROM grain_state WHERE state_name = $name AND grain_id = $grain AND version = $expected;";
    private const string SelectVersion = "SELECT version FROM grain_state WHERE state_name = $name AND grain_id = $grain;";
    private const string Select = "SELECT json, version FROM grain_state WHERE state_name = $name AND grain_id = $grain;";

    /// <inheritdoc />
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
        => ReadStateAsync(stateName, grainId, grainState, CancellationToken.None);

    /// <inheritdoc />
    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stateName);
        ArgumentNullException.ThrowIfNull(grainState);
        string? text = null;
        long version = 0;
        using (var reader = await database.RentReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            var command = reader.Command(Select)
                .With("$name", stateName)
                .With("$grain", grainId.ToString());
            await using var rows = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            if (await rows.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                text = rows.GetString(0);
                version = rows.GetInt64(1);
            }
        }

        if (text is null)
        {
            grainState.State = Activator.CreateInstance<T>();
            grainState.ETag = null;
            grainState.RecordExists = false;
            return;
        }

        grainState.State = JsonSerializer.Deserialize<T>(text, json) ?? Activator.CreateInstance<T>();
        grainState.ETag = version.ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
    }

    /// <inheritdoc />
    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
        => WriteStateAsync(stateName, grainId, grainState, CancellationToken.None);

    /// <inheritdoc />
    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stateName);
        ArgumentNullException.ThrowIfNull(grainState);
        var grain = grainId.ToString();
        var etag = grainState.ETag;
        if (!TryParseETag(stateName, grain, etag, out var expected, out var unknown))
        {
            return Task.FromException(unknown);
        }

        // Serialized now, in the caller's turn: the grain may change its state once this returns.
        var text = JsonSerializer.Serialize(grainState.State, json);
        long? forget = grainState.State is IExpiringState { ForgetAfter: { } at } ? SqliteTime.ToUnixMs(at) : null;
        var write = database.Coalescer.WriteAsync(
            async (transaction, ct) =>
            {
                var command = database.Prepared(transaction, expected is null ? Insert : Update)
                    .With("$name", stateName)
                    .With("$grain", grain)
                    .With("$json", text)
                    .With("$forget", forget);
                if (expected is not null)
                {
                    command.With("$expected", expected.Value);
                }

                if (await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false) == 1)
                {
                    return (expected ?? 0) + 1;
                }

                throw await ConflictAsync(transaction, "write", stateName, grain, etag, ct).ConfigureAwait(false);
            },
            cancellationToken,
            singleStatement: true);
        return CompleteWrite(write, grainState);

        static async Task CompleteWrite(Task<long> write, IGrainState<T> grainState)
        {
            var version = await write.ConfigureAwait(false);
            grainState.ETag = version.ToString(CultureInfo.InvariantCulture);
            grainState.RecordExists = true;
        }
    }

    /// <inheritdoc />
    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
        => ClearStateAsync(stateName, grainId, grainState, CancellationToken.None);

    /// <inheritdoc />
    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stateName);
        ArgumentNullException.ThrowIfNull(grainState);
        var grain = grainId.ToString();
        var etag = grainState.ETag;
        if (!TryParseETag(stateName, grain, etag, out var expected, out var unknown))
        {
            return Task.FromException(unknown);
        }

        var clear = database.Coalescer.WriteAsync(
            async (transaction, ct) =>
            {
                if (expected is null)
                {
                    // Nothing was ever stored as far as the grain knows: fine if that is still so.
                    var stored = await ReadVersionAsync(transaction, stateName, grain, ct).ConfigureAwait(false);
                    return stored is null ? true : throw Conflict("clear", stateName, grain, null, stored);
                }

                var command = database.Prepared(transaction, Delete)
                    .With("$name", stateName)
                    .With("$grain", grain)
                    .With("$expected", expected.Value);
                if (await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false) == 1)
                {
                    return true;
                }

                throw await ConflictAsync(transaction, "clear", stateName, grain, etag, ct).ConfigureAwait(false);
            },
            cancellationToken,
            singleStatement: true);
        return CompleteClear(clear, grainState);

        static async Task CompleteClear(Task<bool> clear, IGrainState<T> grainState)
        {
            await clear.ConfigureAwait(false);
            grainState.State = Activator.CreateInstance<T>();
            grainState.ETag = null;
            grainState.RecordExists = false;
        }
    }

    // An ETag this storage never handed out cannot match any row: a conflict, not a format error.
    private bool TryParseETag(string stateName, string grain, string? etag, out long? expected, out InconsistentStateException unknown)
    {
        unknown = null!;
        expected = null;
        if (etag is null)
        {
            return true;
        }

        if (long.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out var version) && version > 0)
        {
            expected = version;
            return true;
        }

        unknown = new InconsistentStateException(
            $"Grain storage '{name}': ETag '{etag}' of state '{stateName}' of grain {grain} is not a version this storage wrote.",
            null,
            etag);
        return false;
    }

    private async Task<InconsistentStateException> ConflictAsync(SqliteTransaction transaction, string operation, string stateName, string grain, string? etag, CancellationToken cancellationToken)
        => Conflict(operation, stateName, grain, etag, await ReadVersionAsync(transaction, stateName, grain, cancellationToken).ConfigureAwait(false));

    private InconsistentStateException Conflict(string operation, string stateName, string grain, string? etag, long? stored)
    {
        var storedEtag = stored?.ToString(CultureInfo.InvariantCulture);
        SqliteLog.LogDebugConflict(database.Logger, $"{operation} of state '{stateName}' of grain {grain}", etag ?? "none", storedEtag ?? "none");
        return new InconsistentStateException(
            $"Grain storage '{name}': version conflict on {operation} of state '{stateName}' of grain {grain}: the grain holds ETag {etag ?? "none"} but the stored version is {storedEtag ?? "none"}.",
            storedEtag,
            etag);
    }

    private async Task<long?> ReadVersionAsync(SqliteTransaction transaction, string stateName, string grain, CancellationToken cancellationToken)
    {
        var command = database.Prepared(transaction, SelectVersion)
            .With("$name", stateName)
            .With("$grain", grain);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long version ? version : null;
    }
}
