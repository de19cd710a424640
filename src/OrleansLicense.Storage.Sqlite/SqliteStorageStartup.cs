using Orleans;
using Orleans.Runtime;
using OrleansLicense.Storage.Sqlite.Database;

namespace OrleansLicense.Storage.Sqlite;

/// <summary>
/// Opens the database when the silo starts, before any grain runs: the file is created (owner-only)
/// with its schema, or its schema is checked, so a file of another version stops the silo at start
/// with a sentence saying what to do, not at the first grain call.
/// </summary>
internal sealed class SqliteStorageStartup(SqliteDatabase database) : ILifecycleParticipant<ISiloLifecycle>
{
    /// <inheritdoc />
    public void Participate(ISiloLifecycle lifecycle)
    {
        ArgumentNullException.ThrowIfNull(lifecycle);
        lifecycle.Subscribe(nameof(SqliteStorageStartup), ServiceLifecycleStage.RuntimeStorageServices, database.EnsureReadyAsync);
    }
}
