using System.Diagnostics;
using System.Globalization;
using Npgsql;
using Orleans.Runtime;

namespace OrleansLicense.Benchmarks.Failover;

/// <summary>
/// A silo's row in Orleans' membership table on PostgreSQL (<c>orleansmembershiptable</c>, the newest
/// generation at that silo port): what the grid itself concluded about a silo. Status is Orleans'
/// <see cref="SiloStatus"/> as a number: 3 Active, 6 Dead.
/// </summary>
internal sealed record MembershipRow(string Address, int Port, int Generation, string SiloName, int Status, string? SuspectTimes, DateTime IAmAliveTime)
{
    public const int Dead = (int)SiloStatus.Dead;

    private const string Sql = """
        SELECT address, port, generation, siloname, status, suspecttimes, iamalivetime
        FROM orleansmembershiptable
        WHERE deploymentid = @cluster AND port = @port
        ORDER BY generation DESC
        LIMIT 1
        """;

    public bool IsDead => Status == Dead;

    public string StatusName => Enum.IsDefined(typeof(SiloStatus), Status) ? ((SiloStatus)Status).ToString() : "unknown";

    public static async Task<MembershipRow?> ReadAsync(string connectionString, string clusterId, int siloPort, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(Sql, connection);
        command.Parameters.AddWithValue("cluster", clusterId);
        command.Parameters.AddWithValue("port", siloPort);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        return new MembershipRow(
            reader.GetString(0),
            reader.GetInt32(1),
            reader.GetInt32(2),
            reader.GetString(3),
            reader.GetInt32(4),
            reader.IsDBNull(5) ? null : reader.GetString(5),
            reader.GetDateTime(6));
    }

    /// <summary>
    /// Reads the row every 100 ms from the kill on until it says Dead; answers how long after the kill that was
    /// first seen, or null when it was not within <paramref name="limit"/> (or nothing was killed).
    /// </summary>
    public static async Task<TimeSpan?> WatchUntilDeadAsync(Task<KilledSilo?> killing, string connectionString, string clusterId, int siloPort, TimeSpan limit, CancellationToken cancellationToken)
    {
        if (await killing.ConfigureAwait(false) is not { } killed)
        {
            return null;
        }

        while (Stopwatch.GetElapsedTime(killed.Timestamp) < limit && !cancellationToken.IsCancellationRequested)
        {
            try
            {
                if (await ReadAsync(connectionString, clusterId, siloPort, cancellationToken).ConfigureAwait(false) is { IsDead: true })
                {
                    return Stopwatch.GetElapsedTime(killed.Timestamp);
                }
            }
            catch (NpgsqlException)
            {
                // The database is busy with the grid's recovery; read again.
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        return null;
    }

    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Address}:{Port} generation {Generation} ({SiloName}): status {Status} ({StatusName}), last I-am-alive {IAmAliveTime:HH:mm:ss.fff} UTC, {SuspicionVotes} suspicion votes");

    // suspecttimes lists "silo,time" pairs separated by '|'.
    private int SuspicionVotes => SuspectTimes is { Length: > 0 } text ? text.Split('|', StringSplitOptions.RemoveEmptyEntries).Length : 0;
}
