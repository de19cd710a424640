using OrleansLicense.Runtime.Conformance;
using OrleansLicense.Runtime.Storage;

namespace OrleansLicense.Runtime.Postgres.Tests;

public sealed class PostgresReminderTableTests(PostgresFixture postgres) : ReminderTableConformance
{
    private readonly PostgresTestSchema _schema = postgres.CreateSchema();

    protected override Task<IReminderTable> CreateStoreAsync() => Task.FromResult(_schema.Get<IReminderTable>());

    public override async ValueTask DisposeAsync()
    {
        await _schema.DisposeAsync();
        await base.DisposeAsync();
    }
}
