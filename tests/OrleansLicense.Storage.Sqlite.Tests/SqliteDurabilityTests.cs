using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Runtime;
using Orleans.Storage;
using OrleansLicense.Storage.Conformance;
using OrleansLicense.Storage.EventLogs;

namespace OrleansLicense.Storage.Sqlite.Tests;

public sealed class SqliteDurabilityTests : IAsyncLifetime
{
    private static readonly GrainId Grain = GrainId.Create("pool", "acme/pro");
    private static readonly DateTimeOffset T0 = new(2025, 6, 1, 12, 30, 45, 678, TimeSpan.Zero);

    private readonly SqliteTestDatabase _database = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _database.DisposeAsync();

    [Fact]
    public async Task Everything_written_survives_disposing_and_reopening_on_the_same_file()
    {
        var reminder = new ReminderEntry { GrainId = Grain, ReminderName = "expire", StartAt = T0.UtcDateTime, Period = TimeSpan.FromMinutes(5) };
        string? reminderEtag;
        string? stateEtag;
        await using (var first = _database.Open())
        {
            var state = new GrainState<ConformanceState>(new ConformanceState { Name = "pro", Count = 3 });
            await first.GetRequiredKeyedService<IGrainStorage>(LicenseStorage.StateStorageName).WriteStateAsync("seats", Grain, state, Ct);
            stateEtag = state.ETag;
            var logs = first.GetRequiredService<IEventLogStore>();
            await logs.AppendAsync("leases", Grain.ToString(), 0, [new EventRecord("e1", T0), new EventRecord("e2", T0.AddSeconds(1))], Ct);
            await logs.WriteSnapshotAsync("leases", Grain.ToString(), new StoredSnapshot(2, "snap"), Ct);
            reminderEtag = await first.GetRequiredService<IReminderTable>().UpsertRow(reminder, Ct);
        }

        await using var second = _database.Open();

        var read = new GrainState<ConformanceState>();
        await second.GetRequiredKeyedService<IGrainStorage>(LicenseStorage.StateStorageName).ReadStateAsync("seats", Grain, read, Ct);
        Assert.Equal(("pro", 3, stateEtag, true), (read.State!.Name, read.State!.Count, read.ETag, read.RecordExists));
        var logs2 = second.GetRequiredService<IEventLogStore>();
        Assert.Equal([new StoredEvent(1, "e1", T0), new StoredEvent(2, "e2", T0.AddSeconds(1))], await logs2.ReadAsync("leases", Grain.ToString(), 0, 10, Ct));
        Assert.Equal(new StoredSnapshot(2, "snap"), await logs2.ReadSnapshotAsync("leases", Grain.ToString(), Ct));
        var row = await second.GetRequiredService<IReminderTable>().ReadRow(Grain, "expire", Ct);
        Assert.Equal((reminder.StartAt, reminder.Period, reminderEtag), (row!.StartAt, row.Period, row.ETag));

        // The fences carry over too: the reopened log continues at 3, the state at its version.
        Assert.Equal(3, await logs2.AppendAsync("leases", Grain.ToString(), 2, [new EventRecord("e3", T0)], Ct));
        await second.GetRequiredKeyedService<IGrainStorage>(LicenseStorage.StateStorageName).WriteStateAsync("seats", Grain, read, Ct);
        Assert.Equal("2", read.ETag);
    }

    [Fact]
    public async Task A_disposed_storage_refuses_further_calls()
    {
        var provider = _database.Open();
        var storage = provider.GetRequiredKeyedService<IGrainStorage>(LicenseStorage.StateStorageName);
        var state = new GrainState<ConformanceState>(new ConformanceState());
        await storage.WriteStateAsync("s", Grain, state, Ct);

        await provider.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => storage.ReadStateAsync("s", Grain, new GrainState<ConformanceState>(), Ct));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => storage.WriteStateAsync("s", Grain, state, Ct));
    }
}
