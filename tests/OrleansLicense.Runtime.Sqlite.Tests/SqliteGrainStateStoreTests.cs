using OrleansLicense.Runtime.Conformance;
using OrleansLicense.Runtime.Storage;

namespace OrleansLicense.Runtime.Sqlite.Tests;

public sealed class SqliteGrainStateStoreTests : GrainStateStoreConformance
{
    private readonly SqliteTestDatabase _database = new();

    protected override Task<IGrainStateStore> CreateStoreAsync() => Task.FromResult(_database.Get<IGrainStateStore>());

    public override async ValueTask DisposeAsync()
    {
        await _database.DisposeAsync();
        await base.DisposeAsync();
    }
}
