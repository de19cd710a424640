using Orleans;
using Orleans.Storage;
using OrleansLicense.Storage.Conformance;
using OrleansLicense.Storage.EventLogs;

namespace OrleansLicense.Storage.Sqlite.Tests;

public sealed class SqliteGrainStorageConformanceTests : GrainStorageConformance
{
    private readonly SqliteTestDatabase _database = new();

    protected override Task<IGrainStorage> CreateStoreAsync() => Task.FromResult(_database.GrainStorage());

    public override async ValueTask DisposeAsync()
    {
        await _database.DisposeAsync();
        await base.DisposeAsync();
    }
}

public sealed class SqliteReminderTableConformanceTests : ReminderTableConformance
{
    private readonly SqliteTestDatabase _database = new();

    protected override async Task<IReminderTable> CreateStoreAsync()
    {
        var table = _database.Get<IReminderTable>();
        await table.StartAsync(TestContext.Current.CancellationToken);
        return table;
    }

    public override async ValueTask DisposeAsync()
    {
        await _database.DisposeAsync();
        await base.DisposeAsync();
    }
}

public sealed class SqliteEventLogStoreConformanceTests : EventLogStoreConformance
{
    private readonly SqliteTestDatabase _database = new();

    protected override Task<IEventLogStore> CreateStoreAsync() => Task.FromResult(_database.Get<IEventLogStore>());

    public override async ValueTask DisposeAsync()
    {
        await _database.DisposeAsync();
        await base.DisposeAsync();
    }
}
