using OrleansLicense.Runtime.Conformance;
using OrleansLicense.Runtime.Storage;

namespace OrleansLicense.Runtime.Sqlite.Tests;

public sealed class SqliteEventLogStoreTests : EventLogStoreConformance
{
    private readonly SqliteTestDatabase _database = new();

    protected override Task<IEventLogStore> CreateStoreAsync() => Task.FromResult(_database.Get<IEventLogStore>());

    public override async ValueTask DisposeAsync()
    {
        await _database.DisposeAsync();
        await base.DisposeAsync();
    }
}
