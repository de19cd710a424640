namespace OrleansLicense.Runtime.Sqlite;

/// <summary>Settings of the embedded SQLite storage providers.</summary>
public sealed class SqliteStorageOptions
{
    /// <summary>The path of the database file; created with its schema when missing. Required.</summary>
    public string DataSource { get; set; } = "";

    /// <summary>
    /// The <c>PRAGMA synchronous</c> level. Defaults to <see cref="SqliteSynchronous.Full"/> because
    /// the runtime treats an answered write as durable (a seat granted must stay granted).
    /// </summary>
    public SqliteSynchronous Synchronous { get; set; } = SqliteSynchronous.Full;

    /// <summary>The cluster whose membership and grain directory rows this silo reads and writes.</summary>
    public string ClusterId { get; set; } = "default";

    /// <summary>
    /// How long a statement waits for another process's lock on the file before failing
    /// (<c>PRAGMA busy_timeout</c>). Writers within one process queue on a lock and never wait here.
    /// </summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
