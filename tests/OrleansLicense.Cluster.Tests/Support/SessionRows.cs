using Npgsql;

namespace OrleansLicense.Cluster.Tests.Support;

/// <summary>The session grains' rows in the grid's grain storage (state name "session"), read straight from PostgreSQL.</summary>
internal static class SessionRows
{
    /// <summary>How many sessions are stored: live ones, and ended ones whose seats did not go back.</summary>
    public static async Task<long> CountAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT COUNT(*) FROM orleansstorage WHERE graintypestring = 'session'", connection);
        return (long)(await command.ExecuteScalarAsync(cancellationToken) ?? 0L);
    }
}
