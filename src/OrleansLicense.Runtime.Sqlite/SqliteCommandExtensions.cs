using Microsoft.Data.Sqlite;

namespace OrleansLicense.Runtime.Sqlite;

/// <summary>Shorthands for building parameterized commands.</summary>
internal static class SqliteCommandExtensions
{
    /// <summary>A command on the transaction's connection, enlisted in it (SQLite requires both to match).</summary>
    public static SqliteCommand CreateCommand(this SqliteTransaction transaction, string sql)
    {
        var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    public static SqliteCommand CreateCommand(this SqliteConnection connection, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        return command;
    }

    public static SqliteCommand With(this SqliteCommand command, string name, object? value)
    {
        command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }
}
