using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace OrleansLicense.Storage.Sqlite.Database;

/// <summary>
/// Open reader connections with their prepared statements. Opening a pooled ADO.NET connection
/// still re-applies the PRAGMAs and re-parses every statement; a grain activation reads its state
/// once, so on a busy silo that cost was paid for every new session.
/// </summary>
internal sealed class SqliteReaderPool(SqliteConnectionFactory connections) : IDisposable
{
    // Enough for every core to read at once, with room for readers waiting on I/O.
    private static readonly int MaxIdle = Math.Max(4, Environment.ProcessorCount * 2);

    private readonly ConcurrentBag<SqliteStatementCache> _idle = [];
    private volatile bool _disposed;

    /// <summary>Takes an idle connection, or opens one.</summary>
    public async ValueTask<SqliteReaderLease> RentAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_idle.TryTake(out var statements))
        {
            return new SqliteReaderLease(this, statements);
        }

        var (connection, _) = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        return new SqliteReaderLease(this, new SqliteStatementCache(connection));
    }

    /// <summary>Keeps a connection for the next reader, or closes it when enough are idle or the pool is closed.</summary>
    public void Return(SqliteStatementCache statements)
    {
        if (_disposed || _idle.Count >= MaxIdle)
        {
            statements.Dispose();
            return;
        }

        _idle.Add(statements);
        if (_disposed && _idle.TryTake(out var late))
        {
            // Closed while this one was being returned.
            late.Dispose();
        }
    }

    /// <summary>Closes every idle connection; connections out on loan close when returned.</summary>
    public void Dispose()
    {
        _disposed = true;
        while (_idle.TryTake(out var statements))
        {
            statements.Dispose();
        }
    }
}

/// <summary>A reader connection on loan from <see cref="SqliteReaderPool"/>; disposing returns it.</summary>
internal readonly struct SqliteReaderLease(SqliteReaderPool pool, SqliteStatementCache statements) : IDisposable
{
    /// <summary>The kept command for <paramref name="sql"/> (not to be disposed by the caller).</summary>
    public SqliteCommand Command(string sql) => statements.Get(sql);

    /// <summary>The connection, for statements not worth keeping.</summary>
    public SqliteConnection Connection => statements.Connection;

    /// <inheritdoc />
    public void Dispose() => pool.Return(statements);
}
