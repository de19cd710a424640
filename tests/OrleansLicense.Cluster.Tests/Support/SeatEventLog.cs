using System.Text.Json;
using Npgsql;

namespace OrleansLicense.Cluster.Tests.Support;

/// <summary>Reads a feature's seat events straight from PostgreSQL and replays the count of used seats.</summary>
internal static class SeatEventLog
{
    /// <summary>The most seats ever in use at once, replaying every grant and release in sequence order.</summary>
    public static async Task<(int MaxUsed, int FinalUsed, int Events)> ReplayAsync(string connectionString, string licenseId, string feature, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT json FROM olic_event_log WHERE log_name = 'seats' AND grain_id = @g ORDER BY seq", connection);
        command.Parameters.AddWithValue("g", $"feature/{licenseId}/{feature}");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var used = 0;
        var max = 0;
        var events = 0;
        while (await reader.ReadAsync(cancellationToken))
        {
            using var document = JsonDocument.Parse(reader.GetString(0));
            var root = document.RootElement;
            var kind = root.GetProperty("$e").GetString();
            used += kind switch
            {
                "granted" => root.GetProperty("count").GetInt32(),
                "released" => -root.GetProperty("count").GetInt32(),
                _ => 0,
            };
            max = Math.Max(max, used);
            events++;
        }

        return (max, used, events);
    }
}
