using OrleansLicense.Runtime.Directory;
using OrleansLicense.Runtime.Grains;
using OrleansLicense.Runtime.Membership;

namespace OrleansLicense.Runtime.Sqlite;

/// <summary>The grain directory of the configured cluster in <c>grain_directory</c>, one row per grain.</summary>
internal sealed class SqliteGrainDirectoryStore(SqliteDatabase database) : IGrainDirectoryStore
{
    public Task<GrainAddress> RegisterAsync(GrainAddress address, GrainAddress? previous, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(address.Silo, nameof(address));
        ArgumentNullException.ThrowIfNull(address.ActivationId, nameof(address));
        if (previous is not null && previous.GrainId != address.GrainId)
        {
            throw new ArgumentException($"The previous entry is for grain {previous.GrainId}, not {address.GrainId}.", nameof(previous));
        }

        var grain = address.GrainId.ToString();
        return database.WriteAsync(
            async (transaction, ct) =>
            {
                // Insert when free; replace only when the stored entry is exactly the previous one
                // (a NULL previous never compares equal, so without one an existing entry stays).
                await using (var upsert = transaction.CreateCommand("""
                    INSERT INTO grain_directory (cluster_id, grain_id, silo, activation_id) VALUES ($cluster, $grain, $silo, $activation)
                    ON CONFLICT (cluster_id, grain_id) DO UPDATE SET silo = excluded.silo, activation_id = excluded.activation_id
                    WHERE grain_directory.silo = $previous_silo AND grain_directory.activation_id = $previous_activation;
                    """)
                    .With("$cluster", database.ClusterId)
                    .With("$grain", grain)
                    .With("$silo", address.Silo.ToString())
                    .With("$activation", address.ActivationId)
                    .With("$previous_silo", previous?.Silo.ToString())
                    .With("$previous_activation", previous?.ActivationId))
                {
                    await upsert.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
                }

                // Read back inside the same transaction: the row now holds the winner, ours or not.
                await using var read = transaction.CreateCommand("SELECT silo, activation_id FROM grain_directory WHERE cluster_id = $cluster AND grain_id = $grain;")
                    .With("$cluster", database.ClusterId)
                    .With("$grain", grain);
                GrainAddress winner;
                await using (var reader = await read.ExecuteReaderAsync(ct).ConfigureAwait(false))
                {
                    await reader.ReadAsync(ct).ConfigureAwait(false);
                    winner = new GrainAddress(address.GrainId, SiloAddress.Parse(reader.GetString(0)), reader.GetString(1));
                }

                transaction.Commit();
                return winner;
            },
            cancellationToken);
    }

    public async Task<GrainAddress?> LookupAsync(GrainId grainId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand("SELECT silo, activation_id FROM grain_directory WHERE cluster_id = $cluster AND grain_id = $grain;")
            .With("$cluster", database.ClusterId)
            .With("$grain", grainId.ToString());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new GrainAddress(grainId, SiloAddress.Parse(reader.GetString(0)), reader.GetString(1))
            : null;
    }

    public Task UnregisterAsync(GrainAddress address, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(address.Silo, nameof(address));
        return database.WriteAsync(
            async (transaction, ct) =>
            {
                await using var delete = transaction.CreateCommand("DELETE FROM grain_directory WHERE cluster_id = $cluster AND grain_id = $grain AND silo = $silo AND activation_id = $activation;")
                    .With("$cluster", database.ClusterId)
                    .With("$grain", address.GrainId.ToString())
                    .With("$silo", address.Silo.ToString())
                    .With("$activation", address.ActivationId);
                var deleted = await delete.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
                transaction.Commit();
                return deleted;
            },
            cancellationToken);
    }

    public Task<int> UnregisterSilosAsync(IReadOnlyCollection<SiloAddress> silos, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(silos);
        if (silos.Count == 0)
        {
            return Task.FromResult(0);
        }

        return database.WriteAsync(
            async (transaction, ct) =>
            {
                // One prepared DELETE per silo (served by the (cluster_id, silo) index), all in one transaction.
                await using var delete = transaction.CreateCommand("DELETE FROM grain_directory WHERE cluster_id = $cluster AND silo = $silo;")
                    .With("$cluster", database.ClusterId);
                var silo = delete.Parameters.Add("$silo", Microsoft.Data.Sqlite.SqliteType.Text);
                delete.Prepare();
                var deleted = 0;
                foreach (var address in silos.Distinct())
                {
                    silo.Value = address.ToString();
                    deleted += await delete.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
                }

                transaction.Commit();
                return deleted;
            },
            cancellationToken);
    }
}
