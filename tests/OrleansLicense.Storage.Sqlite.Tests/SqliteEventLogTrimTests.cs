using System.Text.Json;
using OrleansLicense.Storage.EventLogs;

namespace OrleansLicense.Storage.Sqlite.Tests;

/// <summary>#12 storage growth: <see cref="EventLog{TState, TEvent}.TrimAsync"/> on the real SQLite store never deletes what replay needs.</summary>
public sealed class SqliteEventLogTrimTests : IAsyncLifetime
{
    private const string Grain = "counter/1";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly SqliteTestDatabase _database = new();
    private IEventLogStore? _store;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private IEventLogStore Store => _store!;

    public ValueTask InitializeAsync()
    {
        _store = _database.Get<IEventLogStore>();
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => _database.DisposeAsync();

    [Fact]
    public async Task Trim_stops_at_the_stored_snapshot_and_a_reload_replays_the_same_state()
    {
        var log = await LoadAsync(snapshotInterval: 5);
        for (var i = 1; i <= 12; i++)
        {
            await log.AppendAsync([new Added(i)], Ct);
        }

        Assert.Equal(10, log.SnapshotVersion);

        Assert.Equal(10, await log.TrimAsync(100, Ct));

        Assert.Equal(10, log.TrimmedThrough);
        Assert.Equal([11L, 12L], (await Store.ReadAsync("count", Grain, 0, 100, Ct)).Select(e => e.Sequence));
        Assert.Equal(0, await log.TrimAsync(7, Ct));
        var reloaded = await LoadAsync(snapshotInterval: 5);
        Assert.Equal((12L, 78), (reloaded.Version, reloaded.State.Total));
        Assert.Equal([11L, 12L], await reloaded.ReadAsync(0, Ct).Select(e => e.Sequence).ToListAsync(Ct));
        await reloaded.AppendAsync([new Added(13)], Ct);
        Assert.Equal((13L, 91), (reloaded.Version, reloaded.State.Total));
    }

    [Fact]
    public async Task Trim_goes_no_further_than_asked_and_not_at_all_without_a_snapshot()
    {
        var log = await LoadAsync(snapshotInterval: 1000);
        await log.AppendAsync([new Added(1), new Added(2), new Added(3)], Ct);

        Assert.Equal(0, await log.TrimAsync(3, Ct));
        Assert.Equal(3, (await Store.ReadAsync("count", Grain, 0, 100, Ct)).Count);

        var snapshotted = await LoadAsync(snapshotInterval: 2);
        await snapshotted.AppendAsync([new Added(4), new Added(5)], Ct);
        Assert.Equal(5, snapshotted.SnapshotVersion);
        Assert.Equal(2, await snapshotted.TrimAsync(2, Ct));
        Assert.Equal([3L, 4L, 5L], (await Store.ReadAsync("count", Grain, 0, 100, Ct)).Select(e => e.Sequence));
    }

    [Fact]
    public async Task A_trim_to_the_last_event_keeps_it_and_a_later_trim_takes_it()
    {
        // The snapshot is the log's end: the store keeps its last event as the append fence.
        var log = await LoadAsync(snapshotInterval: 5);
        await log.AppendAsync([new Added(1), new Added(2), new Added(3), new Added(4), new Added(5)], Ct);
        Assert.Equal((5L, 5L), (log.SnapshotVersion, log.Version));

        Assert.Equal(4, await log.TrimAsync(5, Ct));
        Assert.Equal(4, log.TrimmedThrough);
        Assert.Equal([5L], (await Store.ReadAsync("count", Grain, 0, 100, Ct)).Select(e => e.Sequence));

        // Once more events follow, the same snapshot lets the fence of then go (CI met it kept for good, #12).
        await log.AppendAsync([new Added(6)], Ct);
        Assert.Equal(1, await log.TrimAsync(6, Ct));
        Assert.Equal(5, log.TrimmedThrough);
        Assert.Equal([6L], (await Store.ReadAsync("count", Grain, 0, 100, Ct)).Select(e => e.Sequence));
        var reloaded = await LoadAsync(snapshotInterval: 5);
        Assert.Equal((6L, 21), (reloaded.Version, reloaded.State.Total));
    }

    private async Task<EventLog<CountState, Added>> LoadAsync(int snapshotInterval)
    {
        var log = new EventLog<CountState, Added>("count", Grain, Store, Json, TimeProvider.System, snapshotInterval);
        await log.LoadAsync(Ct);
        return log;
    }

    /// <summary>The test's event.</summary>
    public sealed record Added(int Amount);

    /// <summary>The test's state: the sum of the amounts.</summary>
    public sealed class CountState : IEventSourcedState<Added>
    {
        public int Total { get; set; }

        public void Apply(Added @event) => Total += @event.Amount;
    }
}
