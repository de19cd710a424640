using System.Text.Json;
using Microsoft.Data.Sqlite;
using OrleansLicense.Runtime.Membership;

namespace OrleansLicense.Runtime.Sqlite;

/// <summary>
/// The membership rows of the configured cluster in <c>membership</c>, fenced by the one row per
/// cluster in <c>membership_version</c>: every insert and update bumps it in the same transaction.
/// </summary>
internal sealed class SqliteMembershipTable(SqliteDatabase database) : IMembershipTable
{
    private const string Key = "cluster_id = $cluster AND host = $host AND port = $port AND generation = $generation";

    public Task InitializeAsync(CancellationToken cancellationToken) =>
        database.WriteAsync(
            async (transaction, ct) =>
            {
                await using var command = transaction.CreateCommand("INSERT INTO membership_version (cluster_id, version) VALUES ($cluster, 0) ON CONFLICT DO NOTHING;")
                    .With("$cluster", database.ClusterId);
                var created = await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
                transaction.Commit();
                return created;
            },
            cancellationToken);

    public async Task<MembershipTableData> ReadAllAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReaderAsync(cancellationToken).ConfigureAwait(false);

        // A deferred transaction pins one WAL snapshot, so the version and the rows agree.
        using var transaction = connection.BeginTransaction(deferred: true);
        long version;
        await using (var read = transaction.CreateCommand("SELECT version FROM membership_version WHERE cluster_id = $cluster;").With("$cluster", database.ClusterId))
        {
            version = await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long v ? v : 0;
        }

        var entries = new List<MembershipEntry>();
        await using (var rows = transaction.CreateCommand("""
            SELECT host, port, generation, silo_name, gateway_url, status, started_at, iamalive_at, suspicions, role
            FROM membership WHERE cluster_id = $cluster ORDER BY host, port, generation;
            """).With("$cluster", database.ClusterId))
        {
            await using var reader = await rows.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                entries.Add(new MembershipEntry(
                    new SiloAddress(reader.GetString(0), reader.GetInt32(1), reader.GetInt64(2)),
                    reader.GetString(3),
                    reader.GetString(4),
                    (SiloStatus)reader.GetInt32(5),
                    SqliteTime.FromUnixMs(reader.GetInt64(6)),
                    SqliteTime.FromUnixMs(reader.GetInt64(7)),
                    ReadSuspicions(reader.GetString(8)),
                    reader.IsDBNull(9) ? null : reader.GetString(9)));
            }
        }

        transaction.Commit();
        return new MembershipTableData(version, entries);
    }

    public Task<bool> InsertAsync(MembershipEntry entry, long expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return database.WriteAsync(
            async (transaction, ct) =>
            {
                if (!await BumpVersionAsync(transaction, expectedVersion, ct).ConfigureAwait(false))
                {
                    return false;
                }

                await using var insert = WithKey(transaction.CreateCommand("""
                    INSERT INTO membership (cluster_id, host, port, generation, silo_name, gateway_url, status, started_at, iamalive_at, suspicions, role)
                    VALUES ($cluster, $host, $port, $generation, $name, $gateway, $status, $started, $alive, $suspicions, $role)
                    ON CONFLICT DO NOTHING;
                    """), entry.Silo)
                    .With("$name", entry.SiloName)
                    .With("$gateway", entry.GatewayUrl)
                    .With("$status", (int)entry.Status)
                    .With("$started", SqliteTime.ToUnixMs(entry.StartedAt))
                    .With("$alive", SqliteTime.ToUnixMs(entry.IAmAliveAt))
                    .With("$suspicions", WriteSuspicions(entry.Suspicions))
                    .With("$role", entry.Role);

                // A silo that is already there leaves the transaction uncommitted, which rolls back the bump.
                if (await insert.ExecuteNonQueryAsync(ct).ConfigureAwait(false) != 1)
                {
                    return false;
                }

                transaction.Commit();
                return true;
            },
            cancellationToken);
    }

    public Task<bool> UpdateAsync(MembershipEntry entry, long expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return database.WriteAsync(
            async (transaction, ct) =>
            {
                if (!await BumpVersionAsync(transaction, expectedVersion, ct).ConfigureAwait(false))
                {
                    return false;
                }

                // Only the fields the contract names: IAmAlive belongs to the silo's own dirty writes,
                // and a stale copy in another silo's update must not roll it back.
                await using var update = WithKey(transaction.CreateCommand($"UPDATE membership SET status = $status, suspicions = $suspicions, role = $role WHERE {Key};"), entry.Silo)
                    .With("$status", (int)entry.Status)
                    .With("$suspicions", WriteSuspicions(entry.Suspicions))
                    .With("$role", entry.Role);
                if (await update.ExecuteNonQueryAsync(ct).ConfigureAwait(false) != 1)
                {
                    return false;
                }

                transaction.Commit();
                return true;
            },
            cancellationToken);
    }

    public Task UpdateIAmAliveAsync(SiloAddress silo, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(silo);
        return database.WriteAsync(
            async (transaction, ct) =>
            {
                await using var update = WithKey(transaction.CreateCommand($"UPDATE membership SET iamalive_at = $alive WHERE {Key};"), silo)
                    .With("$alive", SqliteTime.ToUnixMs(at));
                var changed = await update.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
                transaction.Commit();
                return changed;
            },
            cancellationToken);
    }

    public Task<int> CleanupDeadAsync(DateTimeOffset olderThan, CancellationToken cancellationToken) =>
        database.WriteAsync(
            async (transaction, ct) =>
            {
                // Deleting dead rows does not bump the version: no live silo's view depends on them.
                await using var delete = transaction.CreateCommand("DELETE FROM membership WHERE cluster_id = $cluster AND status = $dead AND iamalive_at < $before;")
                    .With("$cluster", database.ClusterId)
                    .With("$dead", (int)SiloStatus.Dead)
                    .With("$before", SqliteTime.ToUnixMs(olderThan));
                var deleted = await delete.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
                transaction.Commit();
                return deleted;
            },
            cancellationToken);

    private async Task<bool> BumpVersionAsync(SqliteTransaction transaction, long expectedVersion, CancellationToken cancellationToken)
    {
        await using var bump = transaction.CreateCommand("UPDATE membership_version SET version = version + 1 WHERE cluster_id = $cluster AND version = $expected;")
            .With("$cluster", database.ClusterId)
            .With("$expected", expectedVersion);
        return await bump.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    private SqliteCommand WithKey(SqliteCommand command, SiloAddress silo) =>
        command
            .With("$cluster", database.ClusterId)
            .With("$host", silo.Host)
            .With("$port", silo.Port)
            .With("$generation", silo.Generation);

    private static string WriteSuspicions(IReadOnlyList<SuspectVote>? votes)
    {
        var rows = votes is null ? [] : votes.Select(v => new SuspectVoteRow(v.Voter.ToString(), SqliteTime.ToUnixMs(v.At))).ToArray();
        return JsonSerializer.Serialize(rows, SqliteJsonContext.Default.SuspectVoteRowArray);
    }

    private static SuspectVote[] ReadSuspicions(string json) =>
        (JsonSerializer.Deserialize(json, SqliteJsonContext.Default.SuspectVoteRowArray) ?? [])
            .Select(r => new SuspectVote(SiloAddress.Parse(r.Voter), SqliteTime.FromUnixMs(r.At)))
            .ToArray();
}
