using OrleansLicense.Runtime.Conformance;
using OrleansLicense.Runtime.Storage;

namespace OrleansLicense.Runtime.Postgres.Tests;

public sealed class PostgresGrainStateStoreTests(PostgresFixture postgres) : GrainStateStoreConformance
{
    private readonly PostgresTestSchema _schema = postgres.CreateSchema();

    protected override Task<IGrainStateStore> CreateStoreAsync() => Task.FromResult(_schema.Get<IGrainStateStore>());

    public override async ValueTask DisposeAsync()
    {
        await _schema.DisposeAsync();
        await base.DisposeAsync();
    }
}
