using Microsoft.Data.Sqlite;

namespace OrleansLicense.Storage.Sqlite.Database;

/// <summary>
/// The commands of one connection, kept by their SQL: Microsoft.Data.Sqlite prepares a command's
/// statements on its first execution and keeps them until the command is disposed, so a kept
/// command is parsed once per connection instead of once per call. One user at a time.
/// </summary>
internal sealed class SqliteStatementCache(SqliteConnection connection) : IDisposable
{
    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);

    /// <summary>The connection the commands run on.</summary>
    public SqliteConnection Connection => connection;

    /// <summary>
    /// The command for <paramref name="sql"/> with no parameters, enlisted in <paramref name="transaction"/>.
    /// The cache owns it: callers must not dispose it, and must dispose its reader before the next use.
    /// </summary>
    public SqliteCommand Get(string sql, SqliteTransaction? transaction = null)
    {
        if (_commands.TryGetValue(sql, out var command))
        {
            command.Parameters.Clear();
        }
        else
        {
            command = connection.CreateCommand();
            command.CommandText = sql;
            _commands.Add(sql, command);
        }

        command.Transaction = transaction;
        return command;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var command in _commands.Values)
        {
            command.Dispose();
        }

        _commands.Clear();
        connection.Dispose();
    }
}
