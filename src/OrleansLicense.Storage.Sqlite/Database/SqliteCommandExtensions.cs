using Microsoft.Data.Sqlite;

namespace OrleansLicense.Storage.Sqlite.Database;

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

    /// <summary>A command on the connection.</summary>
    public static SqliteCommand CreateCommand(this SqliteConnection connection, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        return command;
    }

    /// <summary>Adds a parameter (null as SQL NULL) and returns the command.</summary>
    public static SqliteCommand With(this SqliteCommand command, string name, object? value)
    {
        command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }
}
