using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;
using OrleansLicense.Runtime.Directory;
using OrleansLicense.Runtime.Grains;
using OrleansLicense.Runtime.Membership;

namespace OrleansLicense.Runtime.Postgres;

/// <summary>The grain directory of the configured cluster in <c>grain_directory</c>, one row per grain.</summary>
internal sealed class PostgresGrainDirectoryStore : IGrainDirectoryStore
{
    // Each retry needs the winner to vanish between our upsert and our read (an unregister racing
    // the registration); a handful is plenty, and a bound keeps a pathological loop from spinning.
    private const int MaxRegisterAttempts = 8;

    private readonly PostgresDatabase _database;
    private readonly ILogger<PostgresGrainDirectoryStore> _logger;
    private readonly string _register;
    private readonly string _lookup;
    private readonly string _unregister;
    private readonly string _unregisterSilos;

    public PostgresGrainDirectoryStore(PostgresDatabase database, ILogger<PostgresGrainDirectoryStore> logger)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(logger);
        _database = database;
        _logger = logger;
        var table = database.Table("grain_directory");

        // Insert when free; replace only when the stored entry is exactly the previous one (a NULL
        // previous never compares equal, so without one an existing entry stays). RETURNING yields
        // the row only when this statement wrote it; when the DO UPDATE's WHERE fails, nothing comes
        // back and the winner is read separately. Concurrent registrants wait on the key or the row
        // lock and then evaluate the WHERE against the committed winner, so all of them agree.
        _register = $"""
            INSERT INTO {table} AS d (cluster_id, grain_id, silo, activation_id) VALUES (@cluster, @grain, @silo, @activation)
            ON CONFLICT (cluster_id, grain_id) DO UPDATE SET silo = excluded.silo, activation_id = excluded.activation_id
            WHERE d.silo = @previous_silo AND d.activation_id = @previous_activation
            RETURNING silo, activation_id;
            """;
        _lookup = $"SELECT silo, activation_id FROM {table} WHERE cluster_id = @cluster AND grain_id = @grain;";
        _unregister = $"DELETE FROM {table} WHERE cluster_id = @cluster AND grain_id = @grain AND silo = @silo AND activation_id = @activation;";

        // One statement for all silos, served by the (cluster_id, silo) index.
        _unregisterSilos = $"DELETE FROM {table} WHERE cluster_id = @cluster AND silo = ANY(@silos);";
    }

    /// <inheritdoc />
    public async Task<GrainAddress> RegisterAsync(GrainAddress address, GrainAddress? previous, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(address.Silo, nameof(address));
        ArgumentNullException.ThrowIfNull(address.ActivationId, nameof(address));
        if (previous is not null && previous.GrainId != address.GrainId)
        {
            throw new ArgumentException($"The previous entry is for grain {previous.GrainId}, not {address.GrainId}.", nameof(previous));
        }

        var grain = address.GrainId.ToString();
        await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        for (var attempt = 1; ; attempt++)
        {
            await using (var upsert = connection.Command(_register)
                .With("cluster", _database.ClusterId)
                .With("grain", grain)
                .With("silo", address.Silo.ToString())
                .With("activation", address.ActivationId)
                .With("previous_silo", NpgsqlDbType.Text, previous?.Silo.ToString())
                .With("previous_activation", NpgsqlDbType.Text, previous?.ActivationId))
            {
                if (await ReadAddressAsync(upsert, address.GrainId, cancellationToken).ConfigureAwait(false) is { } written)
                {
                    return written;
                }
            }

            // Autocommit: this read has a fresh snapshot, so it sees the committed winner.
            if (await LookupAsync(connection, address.GrainId, cancellationToken).ConfigureAwait(false) is { } winner)
            {
                if (winner != address)
                {
                    PostgresLog.RegistrationLost(_logger, grain, address.ActivationId, winner.ActivationId, winner.Silo.ToString());
                }

                return winner;
            }

            // The winner was unregistered in between; the grain is free again, so try once more.
            if (attempt == MaxRegisterAttempts)
            {
                throw new InvalidOperationException($"Registration of grain {address.GrainId} kept racing with unregistrations; gave up after {attempt} attempts.");
            }
        }
    }

    /// <inheritdoc />
    public async Task<GrainAddress?> LookupAsync(GrainId grainId, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await LookupAsync(connection, grainId, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task UnregisterAsync(GrainAddress address, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(address.Silo, nameof(address));
        ArgumentNullException.ThrowIfNull(address.ActivationId, nameof(address));
        await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var delete = connection.Command(_unregister)
            .With("cluster", _database.ClusterId)
            .With("grain", address.GrainId.ToString())
            .With("silo", address.Silo.ToString())
            .With("activation", address.ActivationId);
        await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<int> UnregisterSilosAsync(IReadOnlyCollection<SiloAddress> silos, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(silos);
        if (silos.Count == 0)
        {
            return 0;
        }

        var names = silos.Select(s => s.ToString()).Distinct(StringComparer.Ordinal).ToArray();
        await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var delete = connection.Command(_unregisterSilos)
            .With("cluster", _database.ClusterId)
            .With("silos", NpgsqlDbType.Array | NpgsqlDbType.Text, names);
        return await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<GrainAddress?> LookupAsync(NpgsqlConnection connection, GrainId grainId, CancellationToken cancellationToken)
    {
        await using var command = connection.Command(_lookup)
            .With("cluster", _database.ClusterId)
            .With("grain", grainId.ToString());
        return await ReadAddressAsync(command, grainId, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<GrainAddress?> ReadAddressAsync(NpgsqlCommand command, GrainId grainId, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new GrainAddress(grainId, SiloAddress.Parse(reader.GetString(0)), reader.GetString(1))
            : null;
    }
}
