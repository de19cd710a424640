using OrleansLicense.Runtime.Conformance;
using OrleansLicense.Runtime.Storage;

namespace OrleansLicense.Runtime.Postgres.Tests;

public sealed class PostgresEventLogStoreTests(PostgresFixture postgres) : EventLogStoreConformance
{
    private readonly PostgresTestSchema _schema = postgres.CreateSchema();

    protected override Task<IEventLogStore> CreateStoreAsync() => Task.FromResult(_schema.Get<IEventLogStore>());

    public override async ValueTask DisposeAsync()
    {
        await _schema.DisposeAsync();
        await base.DisposeAsync();
    }
}
