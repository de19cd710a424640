namespace OrleansLicense.Storage.Sqlite;

/// <summary>
/// The SQLite <c>PRAGMA synchronous</c> level: how hard a commit waits for the disk.
/// The numeric values are SQLite's own.
/// </summary>
public enum SqliteSynchronous
{
    /// <summary>No syncs: a power loss may corrupt the database. Only for throwaway data.</summary>
    Off = 0,

    /// <summary>In WAL mode, a power loss may roll back the last commits but never corrupts.</summary>
    Normal = 1,

    /// <summary>Every commit is synced to disk before it is answered, so an answered write survives power loss.</summary>
    Full = 2,

    /// <summary>Like <see cref="Full"/>, and also syncs the directory after deleting a journal.</summary>
    Extra = 3,
}
