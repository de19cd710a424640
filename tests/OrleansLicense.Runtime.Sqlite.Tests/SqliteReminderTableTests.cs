using OrleansLicense.Runtime.Conformance;
using OrleansLicense.Runtime.Storage;

namespace OrleansLicense.Runtime.Sqlite.Tests;

public sealed class SqliteReminderTableTests : ReminderTableConformance
{
    private readonly SqliteTestDatabase _database = new();

    protected override Task<IReminderTable> CreateStoreAsync() => Task.FromResult(_database.Get<IReminderTable>());

    public override async ValueTask DisposeAsync()
    {
        await _database.DisposeAsync();
        await base.DisposeAsync();
    }
}
