using OrleansLicense.Runtime.Conformance;
using OrleansLicense.Runtime.Directory;

namespace OrleansLicense.Runtime.Sqlite.Tests;

public sealed class SqliteGrainDirectoryStoreTests : GrainDirectoryStoreConformance
{
    private readonly SqliteTestDatabase _database = new();

    protected override Task<IGrainDirectoryStore> CreateStoreAsync() => Task.FromResult(_database.Get<IGrainDirectoryStore>());

    public override async ValueTask DisposeAsync()
    {
        await _database.DisposeAsync();
        await base.DisposeAsync();
    }
}
