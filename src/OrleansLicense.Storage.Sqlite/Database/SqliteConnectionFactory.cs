using System.Globalization;
using Microsoft.Data.Sqlite;

namespace OrleansLicense.Storage.Sqlite.Database;

/// <summary>
/// Opens pooled connections to the database file with the per-connection PRAGMAs applied, so every
/// connection (writer or reader) behaves the same whatever the pool hands out.
/// </summary>
internal sealed class SqliteConnectionFactory
{
    private readonly string _pragmas;

    public SqliteConnectionFactory(SqliteStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        DataSource = Path.GetFullPath(options.DataSource);
        Synchronous = options.Synchronous;
        var busyMs = (int)Math.Ceiling(options.BusyTimeout.TotalMilliseconds);
        ConnectionString = new SqliteConnectionStringBuilder
        {
            DataSource = DataSource,
            // The writer creates the file itself (owner-only mode) before SQLite first opens it.
            Mode = SqliteOpenMode.ReadWrite,
            Pooling = true,
            // Microsoft.Data.Sqlite retries SQLITE_BUSY itself until the command timeout; 0 would mean forever.
            DefaultTimeout = Math.Max(1, (int)Math.Ceiling(options.BusyTimeout.TotalSeconds)),
        }.ToString();

        // busy_timeout first: the later PRAGMAs may need a lock another process holds.
        _pragmas = string.Create(
            CultureInfo.InvariantCulture,
            $"PRAGMA busy_timeout = {busyMs}; PRAGMA synchronous = {(int)options.Synchronous};");
    }

    /// <summary>The database file (full path).</summary>
    public string DataSource { get; }

    /// <summary>The synchronous level every connection runs at.</summary>
    public SqliteSynchronous Synchronous { get; }

    /// <summary>The connection string (pooled).</summary>
    public string ConnectionString { get; }

    /// <summary>
    /// Opens a connection with busy timeout and synchronous level set, and WAL requested. Returns the
    /// connection and the journal mode SQLite reports ("wal" unless the file system cannot share
    /// memory between processes).
    /// </summary>
    public async Task<(SqliteConnection Connection, string JournalMode)> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using (var pragmas = connection.CreateCommand(_pragmas))
            {
                await pragmas.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            // journal_mode is stored in the file; asking again on an already-WAL file is a no-op.
            await using var wal = connection.CreateCommand("PRAGMA journal_mode = WAL;");
            var mode = Convert.ToString(await wal.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture) ?? "";
            return (connection, mode);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Drops idle pooled connections to the file, so it can be deleted or moved.</summary>
    public void ClearPool()
    {
        using var connection = new SqliteConnection(ConnectionString);
        SqliteConnection.ClearPool(connection);
    }
}
