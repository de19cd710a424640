using OrleansLicense.Runtime.Conformance;
using OrleansLicense.Runtime.Directory;

namespace OrleansLicense.Runtime.Postgres.Tests;

public sealed class PostgresGrainDirectoryStoreTests(PostgresFixture postgres) : GrainDirectoryStoreConformance
{
    private readonly PostgresTestSchema _schema = postgres.CreateSchema();

    protected override Task<IGrainDirectoryStore> CreateStoreAsync() => Task.FromResult(_schema.Get<IGrainDirectoryStore>());

    public override async ValueTask DisposeAsync()
    {
        await _schema.DisposeAsync();
        await base.DisposeAsync();
    }
}
