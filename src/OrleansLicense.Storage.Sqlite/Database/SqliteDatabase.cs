using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace OrleansLicense.Storage.Sqlite.Database;

/// <summary>
/// The database file as the grain storage, the reminder table and the event log store share it: a
/// single writer connection behind a lock (SQLite admits one writer at a time, and queuing in-process
/// avoids SQLITE_BUSY retry storms) fed by the group-commit <see cref="Coalescer"/>, kept reader
/// connections (WAL lets them run beside the writer), and the schema created or checked once, when
/// the silo starts or before the first read or write.
/// </summary>
internal sealed class SqliteDatabase : IAsyncDisposable, IDisposable
{
    private readonly ILogger<SqliteDatabase> _logger;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private SqliteConnection? _writer;
    private SqliteStatementCache? _writerStatements;
    private volatile bool _ready;
    private volatile bool _disposed;

    public SqliteDatabase(IOptions<SqliteStorageOptions> options, ILogger<SqliteDatabase> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        Connections = new SqliteConnectionFactory(options.Value);
        Readers = new SqliteReaderPool(Connections);
        _logger = logger;
        Coalescer = new SqliteWriteCoalescer(this, options.Value.MaxWritesPerCommit, logger);
    }

    /// <summary>The connection factory.</summary>
    public SqliteConnectionFactory Connections { get; }

    /// <summary>Group commit for writes of many grains (state documents, event appends, reminders): one transaction, one fsync.</summary>
    public SqliteWriteCoalescer Coalescer { get; }

    /// <summary>Kept reader connections with their prepared statements.</summary>
    public SqliteReaderPool Readers { get; }

    /// <summary>The logger of the storage.</summary>
    public ILogger Logger => _logger;

    /// <summary>Lends a kept reader connection whose statements stay prepared, after the schema is in place.</summary>
    public async ValueTask<SqliteReaderLease> RentReaderAsync(CancellationToken cancellationToken)
    {
        await EnsureReadyAsync(cancellationToken).ConfigureAwait(false);
        return await Readers.RentAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The writer's kept command for <paramref name="sql"/>, enlisted in <paramref name="transaction"/>:
    /// only inside <see cref="WriteAsync"/>, and not to be disposed by the caller.
    /// </summary>
    public SqliteCommand Prepared(SqliteTransaction transaction, string sql)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        var statements = _writerStatements;
        if (statements is null || !ReferenceEquals(statements.Connection, transaction.Connection))
        {
            throw new InvalidOperationException("Prepared writer commands exist only inside a write on the writer connection.");
        }

        return statements.Get(sql, transaction);
    }

    /// <summary>
    /// Runs <paramref name="work"/> on the writer connection inside an IMMEDIATE transaction (the
    /// write lock on the file is taken up front, so a read-then-write inside cannot be overtaken
    /// by another process). The work commits; a transaction it leaves uncommitted is rolled back.
    /// </summary>
    public async Task<T> WriteAsync<T>(Func<SqliteTransaction, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var writer = await GetWriterAsync(cancellationToken).ConfigureAwait(false);
            using var transaction = writer.BeginTransaction(deferred: false);
            return await work(transaction, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>
    /// Creates the file (owner-only) and its schema, or checks the schema present, once.
    /// </summary>
    /// <exception cref="InvalidOperationException">The file holds another schema (the message says what to do).</exception>
    public async Task EnsureReadyAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_ready)
        {
            return;
        }

        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await GetWriterAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        // Waiting for the lock lets a commit in flight finish instead of losing its connection mid-commit.
        await _writeLock.WaitAsync().ConfigureAwait(false);
        try
        {
            Close();
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _writeLock.Wait();
        try
        {
            Close();
        }
        finally
        {
            _writeLock.Release();
        }
    }

    // Called with the write lock held.
    private void Close()
    {
        if (_disposed)
        {
            return;
        }

        // Disposing the kept commands finalizes their statements; the connection closes after them.
        _writerStatements?.Dispose();
        _writerStatements = null;
        _writer = null;
        _disposed = true;
        Readers.Dispose();
        Connections.ClearPool();
    }

    // Called with the write lock held.
    private async Task<SqliteConnection> GetWriterAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_writer is not null)
        {
            return _writer;
        }

        SqliteFileAccess.Prepare(Connections.DataSource, _logger);
        var (connection, journalMode) = await Connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!journalMode.Equals("wal", StringComparison.OrdinalIgnoreCase))
            {
                SqliteLog.LogWarningNotWal(_logger, Connections.DataSource, journalMode);
            }

            await SqliteSchema.EnsureAsync(connection, Connections.DataSource, _logger, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        SqliteLog.LogInformationOpened(_logger, Connections.DataSource, SqliteSchema.Version, Connections.Synchronous);
        _writer = connection;
        _writerStatements = new SqliteStatementCache(connection);
        _ready = true;
        return connection;
    }
}
