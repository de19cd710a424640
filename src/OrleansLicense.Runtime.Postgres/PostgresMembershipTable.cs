using System.Text.Json;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;
using OrleansLicense.Runtime.Membership;

namespace OrleansLicense.Runtime.Postgres;

/// <summary>
/// The membership rows of the configured cluster in <c>membership</c>, fenced by the one row per
/// cluster in <c>membership_version</c>: every insert and update bumps it in the same transaction.
/// </summary>
internal sealed class PostgresMembershipTable : IMembershipTable
{
    private const string Key = "cluster_id = @cluster AND host = @host AND port = @port AND generation = @generation";

    private readonly PostgresDatabase _database;
    private readonly ILogger<PostgresMembershipTable> _logger;
    private readonly string _initialize;
    private readonly string _readAll;
    private readonly string _bump;
    private readonly string _insert;
    private readonly string _update;
    private readonly string _iAmAlive;
    private readonly string _cleanup;

    public PostgresMembershipTable(PostgresDatabase database, ILogger<PostgresMembershipTable> logger)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(logger);
        _database = database;
        _logger = logger;
        var version = database.Table("membership_version");
        var membership = database.Table("membership");
        _initialize = $"INSERT INTO {version} (cluster_id, version) VALUES (@cluster, 0) ON CONFLICT DO NOTHING;";

        // One statement reads under one snapshot, so the version and the rows agree. The version
        // row is the left side: a cluster without rows (or not yet initialized) still yields one
        // line, with version 0 when uninitialized.
        _readAll = $"""
            SELECT v.version, m.host, m.port, m.generation, m.silo_name, m.gateway_url, m.status, m.started_at, m.iamalive_at, m.suspicions, m.role
            FROM (SELECT COALESCE((SELECT version FROM {version} WHERE cluster_id = @cluster), 0) AS version) AS v
            LEFT JOIN {membership} AS m ON m.cluster_id = @cluster
            ORDER BY m.host, m.port, m.generation;
            """;

        // The compare-and-swap: a concurrent bumper waits for this row's lock, then re-checks the
        // WHERE against the committed version and matches nothing.
        _bump = $"UPDATE {version} SET version = version + 1 WHERE cluster_id = @cluster AND version = @expected;";
        _insert = $"""
            INSERT INTO {membership} (cluster_id, host, port, generation, silo_name, gateway_url, status, started_at, iamalive_at, suspicions, role)
            VALUES (@cluster, @host, @port, @generation, @name, @gateway, @status, @started, @alive, @suspicions, @role)
            ON CONFLICT DO NOTHING;
            """;

        // Only the fields the contract names: IAmAlive belongs to the silo's own dirty writes,
        // and a stale copy in another silo's update must not roll it back.
        _update = $"UPDATE {membership} SET status = @status, suspicions = @suspicions, role = @role WHERE {Key};";
        _iAmAlive = $"UPDATE {membership} SET iamalive_at = @alive WHERE {Key};";

        // Deleting dead rows does not bump the version: no live silo's view depends on them.
        _cleanup = $"DELETE FROM {membership} WHERE cluster_id = @cluster AND status = @dead AND iamalive_at < @before;";
    }

    /// <inheritdoc />
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command(_initialize).With("cluster", _database.ClusterId);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<MembershipTableData> ReadAllAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command(_readAll).With("cluster", _database.ClusterId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        long version = 0;
        var entries = new List<MembershipEntry>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            version = reader.GetInt64(0);
            if (reader.IsDBNull(1))
            {
                continue;
            }

            entries.Add(new MembershipEntry(
                new SiloAddress(reader.GetString(1), reader.GetInt32(2), reader.GetInt64(3)),
                reader.GetString(4),
                reader.GetString(5),
                (SiloStatus)reader.GetInt32(6),
                reader.GetFieldValue<DateTimeOffset>(7),
                reader.GetFieldValue<DateTimeOffset>(8),
                ReadSuspicions(reader.GetString(9)),
                reader.IsDBNull(10) ? null : reader.GetString(10)));
        }

        return new MembershipTableData(version, entries);
    }

    /// <inheritdoc />
    public async Task<bool> InsertAsync(MembershipEntry entry, long expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(entry.Silo, nameof(entry));
        await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        if (!await BumpVersionAsync(connection, expectedVersion, cancellationToken).ConfigureAwait(false))
        {
            PostgresLog.MembershipRefused(_logger, "insert", entry.Silo.ToString(), expectedVersion);
            return false;
        }

        await using (var insert = WithKey(connection.Command(_insert), entry.Silo)
            .With("name", entry.SiloName)
            .With("gateway", entry.GatewayUrl)
            .With("status", (int)entry.Status)
            .WithTime("started", entry.StartedAt)
            .WithTime("alive", entry.IAmAliveAt)
            .With("suspicions", NpgsqlDbType.Jsonb, WriteSuspicions(entry.Suspicions))
            .With("role", NpgsqlDbType.Text, entry.Role))
        {
            // A silo that is already there returns without committing, which rolls back the bump.
            if (await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) != 1)
            {
                PostgresLog.MembershipRefused(_logger, "insert", entry.Silo.ToString(), expectedVersion);
                return false;
            }
        }

        // Not cancellable: once both rows are written, the commit must not be abandoned half-way.
        await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
        return true;
    }

    /// <inheritdoc />
    public async Task<bool> UpdateAsync(MembershipEntry entry, long expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(entry.Silo, nameof(entry));
        await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        if (!await BumpVersionAsync(connection, expectedVersion, cancellationToken).ConfigureAwait(false))
        {
            PostgresLog.MembershipRefused(_logger, "update", entry.Silo.ToString(), expectedVersion);
            return false;
        }

        await using (var update = WithKey(connection.Command(_update), entry.Silo)
            .With("status", (int)entry.Status)
            .With("suspicions", NpgsqlDbType.Jsonb, WriteSuspicions(entry.Suspicions))
            .With("role", NpgsqlDbType.Text, entry.Role))
        {
            // A missing row returns without committing, which rolls back the bump.
            if (await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) != 1)
            {
                PostgresLog.MembershipRefused(_logger, "update", entry.Silo.ToString(), expectedVersion);
                return false;
            }
        }

        await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
        return true;
    }

    /// <inheritdoc />
    public async Task UpdateIAmAliveAsync(SiloAddress silo, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(silo);
        await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var update = WithKey(connection.Command(_iAmAlive), silo).WithTime("alive", at);
        await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<int> CleanupDeadAsync(DateTimeOffset olderThan, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var delete = connection.Command(_cleanup)
            .With("cluster", _database.ClusterId)
            .With("dead", (int)SiloStatus.Dead)
            .WithTime("before", olderThan);
        return await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<bool> BumpVersionAsync(NpgsqlConnection connection, long expectedVersion, CancellationToken cancellationToken)
    {
        await using var bump = connection.Command(_bump)
            .With("cluster", _database.ClusterId)
            .With("expected", expectedVersion);
        return await bump.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    private NpgsqlCommand WithKey(NpgsqlCommand command, SiloAddress silo) =>
        command
            .With("cluster", _database.ClusterId)
            .With("host", silo.Host)
            .With("port", silo.Port)
            .With("generation", silo.Generation);

    private static string WriteSuspicions(IReadOnlyList<SuspectVote>? votes)
    {
        var rows = votes is null ? [] : votes.Select(v => new SuspectVoteRow(v.Voter.ToString(), v.At.ToUniversalTime())).ToArray();
        return JsonSerializer.Serialize(rows, PostgresJsonContext.Default.SuspectVoteRowArray);
    }

    private static SuspectVote[] ReadSuspicions(string json) =>
        (JsonSerializer.Deserialize(json, PostgresJsonContext.Default.SuspectVoteRowArray) ?? [])
            .Select(r => new SuspectVote(SiloAddress.Parse(r.Voter), r.At))
            .ToArray();
}
