using Microsoft.Extensions.DependencyInjection;
using OrleansLicense.Runtime.Directory;
using OrleansLicense.Runtime.Grains;
using OrleansLicense.Runtime.Membership;
using OrleansLicense.Runtime.Storage;

namespace OrleansLicense.Runtime.Sqlite.Tests;

public sealed class SqliteDurabilityTests : IAsyncLifetime
{
    private static readonly GrainId Grain = new("pool", "acme/pro");
    private static readonly DateTimeOffset T0 = new(2025, 6, 1, 12, 30, 45, 678, TimeSpan.Zero);
    private static readonly SiloAddress Silo = new("10.0.0.1", 11111, 42);

    private readonly SqliteTestDatabase _database = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _database.DisposeAsync();

    [Fact]
    public async Task Everything_written_survives_disposing_and_reopening_on_the_same_file()
    {
        var reminder = new ReminderEntry(Grain, "expire", T0, TimeSpan.FromMinutes(5), Grain.StableHash(), 0);
        var member = new MembershipEntry(Silo, "a", "http://a", SiloStatus.Active, T0, T0.AddSeconds(1), [new SuspectVote(Silo with { Port = 1 }, T0)], "primary");
        var address = new GrainAddress(Grain, Silo, "act-1");
        long reminderVersion;
        await using (var first = _database.Open())
        {
            await first.GetRequiredService<IGrainStateStore>().WriteAsync("seats", Grain, "{\"used\":3}", 0, Ct);
            await first.GetRequiredService<IEventLogStore>().AppendAsync("leases", Grain, 0, [new EventRecord("e1", T0), new EventRecord("e2", T0.AddSeconds(1))], Ct);
            await first.GetRequiredService<IEventLogStore>().WriteSnapshotAsync("leases", Grain, new StoredSnapshot(2, "snap"), Ct);
            reminderVersion = await first.GetRequiredService<IReminderTable>().UpsertAsync(reminder, Ct);
            var membership = first.GetRequiredService<IMembershipTable>();
            await membership.InitializeAsync(Ct);
            Assert.True(await membership.InsertAsync(member, 0, Ct));
            await first.GetRequiredService<IGrainDirectoryStore>().RegisterAsync(address, null, Ct);
        }

        await using var second = _database.Open();

        Assert.Equal(new StoredState("{\"used\":3}", 1), await second.GetRequiredService<IGrainStateStore>().ReadAsync("seats", Grain, Ct));
        var events = await second.GetRequiredService<IEventLogStore>().ReadAsync("leases", Grain, 0, 10, Ct);
        Assert.Equal([new StoredEvent(1, "e1", T0), new StoredEvent(2, "e2", T0.AddSeconds(1))], events);
        Assert.Equal(new StoredSnapshot(2, "snap"), await second.GetRequiredService<IEventLogStore>().ReadSnapshotAsync("leases", Grain, Ct));
        Assert.Equal(reminder with { Version = reminderVersion }, await second.GetRequiredService<IReminderTable>().ReadAsync(Grain, "expire", Ct));
        var data = await second.GetRequiredService<IMembershipTable>().ReadAllAsync(Ct);
        Assert.Equal(1, data.Version);
        var row = Assert.Single(data.Entries);
        Assert.Equal(member.Suspicions, row.Suspicions);
        Assert.Equal(member with { Suspicions = row.Suspicions }, row);
        Assert.Equal(address, await second.GetRequiredService<IGrainDirectoryStore>().LookupAsync(Grain, Ct));

        // The version fence carries over too: the reopened log continues at 3.
        Assert.Equal(3, await second.GetRequiredService<IEventLogStore>().AppendAsync("leases", Grain, 2, [new EventRecord("e3", T0)], Ct));
    }

    [Fact]
    public async Task A_disposed_store_refuses_further_calls()
    {
        var provider = _database.Open();
        var store = provider.GetRequiredService<IGrainStateStore>();
        await store.WriteAsync("s", Grain, "{}", 0, Ct);

        await provider.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.ReadAsync("s", Grain, Ct));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.WriteAsync("s", Grain, "{}", 1, Ct));
    }
}
