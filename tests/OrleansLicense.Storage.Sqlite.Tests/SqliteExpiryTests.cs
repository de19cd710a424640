using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Orleans;
using Orleans.Runtime;
using Orleans.Storage;
using OrleansLicense.Storage.Conformance;
using OrleansLicense.Storage.Expiry;
using OrleansLicense.Storage.Sqlite.GrainState;

namespace OrleansLicense.Storage.Sqlite.Tests;

/// <summary>#12 storage growth: rows of states past their forget-after time are deleted by the sweep, no others.</summary>
public sealed class SqliteExpiryTests : IAsyncLifetime
{
    private readonly SqliteTestDatabase _database = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _database.DisposeAsync();

    private ServiceProvider Open() => _database.Open(services: s => s.AddSingleton<TimeProvider>(_clock));

    private static IGrainStorage Storage(ServiceProvider provider) => provider.GetRequiredKeyedService<IGrainStorage>(LicenseStorage.StateStorageName);

    private static async Task<GrainState<ExpiringConformanceState>> WriteAsync(IGrainStorage storage, string key, DateTimeOffset? forgetAfter)
    {
        var state = new GrainState<ExpiringConformanceState>(new ExpiringConformanceState { Name = key, ForgetAfter = forgetAfter });
        await storage.WriteStateAsync("session", GrainId.Create("session", key), state, Ct);
        return state;
    }

    private static async Task<GrainState<T>> ReadAsync<T>(IGrainStorage storage, string key)
        where T : new()
    {
        var state = new GrainState<T>();
        await storage.ReadStateAsync("session", GrainId.Create("session", key), state, Ct);
        return state;
    }

    private async Task<List<string>> StoredKeysAsync() =>
        [.. (await SqliteTestFiles.QueryAsync(_database.Path, "SELECT grain_id FROM grain_state ORDER BY grain_id;")).Select(r => (string)r[0]!)];

    [Fact]
    public async Task Issue12_forget_after_is_stored_in_unix_ms_and_cleared_by_a_later_write()
    {
        var storage = Storage(Open());
        var at = _clock.GetUtcNow().AddHours(1);

        var state = await WriteAsync(storage, "a", at);
        Assert.Equal([at.ToUnixTimeMilliseconds()], (await SqliteTestFiles.QueryAsync(_database.Path, "SELECT forget_after FROM grain_state;")).Select(r => r[0]));

        state.State!.ForgetAfter = null;
        await storage.WriteStateAsync("session", GrainId.Create("session", "a"), state, Ct);
        Assert.Equal([null], (await SqliteTestFiles.QueryAsync(_database.Path, "SELECT forget_after FROM grain_state;")).Select(r => r[0]));
    }

    [Fact]
    public async Task Issue12_the_sweep_deletes_past_rows_keeps_future_ones_and_never_touches_states_without_the_interface()
    {
        var provider = Open();
        var storage = Storage(provider);
        var now = _clock.GetUtcNow();
        await WriteAsync(storage, "past", now.AddMilliseconds(-1));
        await WriteAsync(storage, "due-now", now);
        await WriteAsync(storage, "future", now.AddMinutes(1));
        await WriteAsync(storage, "live", null);
        await storage.WriteStateAsync("session", GrainId.Create("session", "plain"), new GrainState<ConformanceState>(new ConformanceState { Name = "plain" }), Ct);

        var deleted = await provider.GetRequiredService<SqliteExpiredStateSweeper>().SweepOnceAsync(Ct);

        Assert.Equal(2, deleted);
        Assert.Equal(["session/future", "session/live", "session/plain"], await StoredKeysAsync());

        // A deleted row reads as a state never stored, and a write with its old ETag loses (as after a clear).
        var gone = await ReadAsync<ExpiringConformanceState>(storage, "past");
        Assert.False(gone.RecordExists);
        Assert.Null(gone.ETag);
        var stale = new GrainState<ExpiringConformanceState>(new ExpiringConformanceState { Name = "stale" }, "1");
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("session", GrainId.Create("session", "past"), stale, Ct));

        // Once its time has come, the future row goes too.
        _clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await provider.GetRequiredService<SqliteExpiredStateSweeper>().SweepOnceAsync(Ct));
        Assert.Equal(["session/live", "session/plain"], await StoredKeysAsync());
    }

    [Fact]
    public async Task Issue12_the_sweep_deletes_in_bounded_chunks_until_none_are_left()
    {
        var provider = Open();
        var storage = Storage(provider);
        var past = _clock.GetUtcNow().AddSeconds(-1);
        var count = (ExpiredStateSweeper.ChunkSize * 2) + 17;
        await Task.WhenAll(Enumerable.Range(0, count).Select(i => WriteAsync(storage, $"s{i}", past)));
        await WriteAsync(storage, "live", null);
        var commits = provider.GetRequiredService<Database.SqliteDatabase>().Coalescer.Commits;

        var deleted = await provider.GetRequiredService<SqliteExpiredStateSweeper>().SweepOnceAsync(Ct);

        Assert.Equal(count, deleted);
        Assert.Equal(["session/live"], await StoredKeysAsync());
        // One statement per chunk, each queued as one write: three chunks, three commits (nothing else was writing).
        Assert.Equal(commits + 3, provider.GetRequiredService<Database.SqliteDatabase>().Coalescer.Commits);
    }

    [Fact]
    public async Task Issue12_the_hosted_sweep_runs_shortly_after_start_and_then_every_interval()
    {
        var provider = _database.Open(o => o.ExpiredStateSweepInterval = TimeSpan.FromMinutes(5), s => s.AddSingleton<TimeProvider>(_clock));
        var storage = Storage(provider);
        var start = _clock.GetUtcNow();
        await WriteAsync(storage, "first", start.AddSeconds(10));
        await WriteAsync(storage, "second", start.AddMinutes(3));
        var sweeper = provider.GetServices<IHostedService>().OfType<SqliteExpiredStateSweeper>().Single();
        await sweeper.StartAsync(Ct);
        try
        {
            // The service arms its first delay on its own thread: move the clock on while polling, a second at a time.
            await AdvanceUntilAsync(TimeSpan.FromSeconds(1), async () => !(await StoredKeysAsync()).Contains("session/first"));
            Assert.Equal(["session/second"], await StoredKeysAsync());
            Assert.InRange(_clock.GetUtcNow() - start, ExpiredStateSweeper.FirstSweepDelay, ExpiredStateSweeper.FirstSweepDelay + TimeSpan.FromSeconds(15));

            // The next sweep comes one interval later (the row fell due at 3 minutes, in between).
            var firstSweep = _clock.GetUtcNow();
            await AdvanceUntilAsync(TimeSpan.FromSeconds(10), async () => (await StoredKeysAsync()).Count == 0);
            Assert.InRange(_clock.GetUtcNow() - firstSweep, TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(30));
        }
        finally
        {
            await sweeper.StopAsync(Ct);
        }
    }

    // Bounded polling: the sweep runs on the thread pool once the fake clock fired its timer; each look moves it by step.
    private async Task AdvanceUntilAsync(TimeSpan step, Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The sweep did not run within 20 seconds.");
            _clock.Advance(step);
            await Task.Delay(20, Ct);
        }
    }
}
