using System.Globalization;
using Npgsql;

namespace OrleansLicense.Storage.Postgres.Tests;

/// <summary>Plain SQL beside the providers, to prepare a database or look at what they stored.</summary>
public static class Sql
{
    /// <summary>Runs SQL (several statements allowed).</summary>
    public static async Task ExecuteAsync(string connectionString, string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Runs a query and returns its rows, each column as invariant text (null for NULL).</summary>
    public static async Task<List<string?[]>> RowsAsync(string connectionString, string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<string?[]>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var row = new string?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture);
            }

            rows.Add(row);
        }

        return rows;
    }

    /// <summary>Runs a query and returns the first column of every row.</summary>
    public static async Task<List<string?>> ColumnAsync(string connectionString, string sql, CancellationToken cancellationToken) =>
        [.. (await RowsAsync(connectionString, sql, cancellationToken)).Select(r => r[0])];
}
