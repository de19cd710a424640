namespace OrleansLicense.Storage.Sqlite;

/// <summary>Settings of the embedded SQLite storage (grain state, reminders and event logs in one file).</summary>
public sealed class SqliteStorageOptions
{
    /// <summary>
    /// The path of the database file. Required. The file (and its folder, mode 0700) is created when
    /// missing; the file and its <c>-wal</c>/<c>-shm</c> companions are readable by their owner only (0600).
    /// </summary>
    public string DataSource { get; set; } = "";

    /// <summary>
    /// The <c>PRAGMA synchronous</c> level. Defaults to <see cref="SqliteSynchronous.Full"/>: a write is
    /// answered only after its commit reached the disk (a seat granted must stay granted).
    /// </summary>
    public SqliteSynchronous Synchronous { get; set; } = SqliteSynchronous.Full;

    /// <summary>
    /// How long a statement waits for another process's lock on the file before failing
    /// (<c>PRAGMA busy_timeout</c>). Defaults to 5 seconds. Writers within one process queue on
    /// the single writer and never wait here.
    /// </summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The most writes (of any grains) one transaction commits. Defaults to 512: large enough that a
    /// busy silo shares each fsync among hundreds of writes, small enough that one commit never holds
    /// the file's write lock for long.
    /// </summary>
    public int MaxWritesPerCommit { get; set; } = 512;

    /// <summary>
    /// How often the grain states past their forget-after time are deleted (#12 storage growth; see
    /// <see cref="OrleansLicense.Storage.Expiry.IExpiringState"/>). Defaults to 5 minutes; between 1 second and 1 day.
    /// A first sweep runs shortly after start.
    /// </summary>
    public TimeSpan ExpiredStateSweepInterval { get; set; } = TimeSpan.FromMinutes(5);
}
