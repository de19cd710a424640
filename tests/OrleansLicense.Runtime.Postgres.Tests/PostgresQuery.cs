using System.Globalization;
using Npgsql;

namespace OrleansLicense.Runtime.Postgres.Tests;

/// <summary>Plain SQL against a test database, beside the providers, to look at what they stored.</summary>
public static class PostgresQuery
{
    /// <summary>Runs SQL (several statements allowed) and returns the rows of the last result, each column as invariant text.</summary>
    public static async Task<List<string?[]>> RowsAsync(string connectionString, string sql, CancellationToken cancellationToken = default)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<string?[]>();
        do
        {
            rows.Clear();
            while (await reader.ReadAsync(cancellationToken))
            {
                var row = new string?[reader.FieldCount];
                for (var i = 0; i < row.Length; i++)
                {
                    row[i] = reader.IsDBNull(i) ? null : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture);
                }

                rows.Add(row);
            }
        }
        while (await reader.NextResultAsync(cancellationToken));

        return rows;
    }

    /// <summary>Runs SQL and returns the first column of every row.</summary>
    public static async Task<List<string?>> ColumnAsync(string connectionString, string sql, CancellationToken cancellationToken = default) =>
        [.. (await RowsAsync(connectionString, sql, cancellationToken)).Select(r => r[0])];

    /// <summary>
    /// A description of every column, constraint and index in <paramref name="schema"/>, with the
    /// schema name replaced by <c>S</c>, so two schemas can be compared for equal structure.
    /// </summary>
    public static async Task<List<string>> DescribeSchemaAsync(string connectionString, string schema, CancellationToken cancellationToken = default)
    {
        var rows = await ColumnAsync(connectionString, $"""
            SELECT 'column ' || c.relname || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod)
                   || CASE WHEN a.attnotnull THEN ' not null' ELSE '' END
                   || COALESCE(' default ' || pg_get_expr(d.adbin, d.adrelid), '')
            FROM pg_attribute a
            JOIN pg_class c ON c.oid = a.attrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
            WHERE n.nspname = '{schema}' AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped
            UNION ALL
            SELECT 'constraint ' || c.relname || '.' || con.conname || ' ' || pg_get_constraintdef(con.oid)
            FROM pg_constraint con
            JOIN pg_class c ON c.oid = con.conrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = '{schema}'
            UNION ALL
            SELECT 'index ' || pg_get_indexdef(i.indexrelid)
            FROM pg_index i
            JOIN pg_class c ON c.oid = i.indrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = '{schema}';
            """, cancellationToken);
        return [.. rows.Select(r => r!.Replace(schema + ".", "S.", StringComparison.Ordinal)).Order(StringComparer.Ordinal)];
    }
}
