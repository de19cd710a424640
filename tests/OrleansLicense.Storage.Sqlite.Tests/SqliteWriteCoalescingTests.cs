using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Runtime;
using Orleans.Storage;
using OrleansLicense.Storage.Conformance;
using OrleansLicense.Storage.EventLogs;
using OrleansLicense.Storage.Sqlite.Database;

namespace OrleansLicense.Storage.Sqlite.Tests;

/// <summary>Writes of many grains that arrive together share one commit; one that loses its compare-and-swap fails alone.</summary>
public sealed class SqliteWriteCoalescingTests : IAsyncLifetime
{
    private readonly SqliteTestDatabase _database = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _database.DisposeAsync();

    private static GrainState<ConformanceState> State(int i) => new(new ConformanceState { Name = $"g{i}", Count = i });

    [Fact]
    public async Task Concurrent_writes_of_many_grains_share_commits_and_a_stale_one_among_them_fails_alone()
    {
        var provider = _database.Open();
        var storage = provider.GetRequiredKeyedService<IGrainStorage>(LicenseStorage.StateStorageName);
        var logs = provider.GetRequiredService<IEventLogStore>();
        var coalescer = provider.GetRequiredService<SqliteDatabase>().Coalescer;
        var staleGrain = GrainId.Create("G", "stale");
        var stale = State(-1);
        await storage.WriteStateAsync("s", staleGrain, stale, Ct);
        await logs.AppendAsync("l", "F/behind", 0, [new EventRecord("{}", DateTimeOffset.UnixEpoch)], Ct);
        var commitsBefore = coalescer.Commits;

        var states = Enumerable.Range(0, 400).Select(State).ToArray();
        var writes = states.Select((s, i) => storage.WriteStateAsync("s", GrainId.Create("G", $"g{i}"), s, Ct)).ToList();
        var appends = Enumerable.Range(0, 50).Select(i => logs.AppendAsync("l", $"F/f{i}", 0, [new EventRecord("{}", DateTimeOffset.UnixEpoch), new EventRecord("{}", DateTimeOffset.UnixEpoch)], Ct)).ToList();
        var staleWrite = storage.WriteStateAsync("s", staleGrain, new GrainState<ConformanceState>(new ConformanceState { Name = "late" }, "7"), Ct);
        var behindAppend = logs.AppendAsync("l", "F/behind", 0, [new EventRecord("{\"late\":1}", DateTimeOffset.UnixEpoch)], Ct);

        await Task.WhenAll(writes);
        Assert.All(await Task.WhenAll(appends), length => Assert.Equal(2, length));
        Assert.Equal("1", (await Assert.ThrowsAsync<InconsistentStateException>(() => staleWrite)).StoredEtag);
        Assert.Equal("1", (await Assert.ThrowsAsync<InconsistentStateException>(() => behindAppend)).StoredEtag);

        // 452 writes, a few commits: the group commit at work.
        var commits = coalescer.Commits - commitsBefore;
        Assert.InRange(commits, 1, 20);

        // Every successful write is stored; the failed ones changed nothing.
        Assert.All(states, s => Assert.Equal("1", s.ETag));
        for (var i = 0; i < states.Length; i++)
        {
            var read = new GrainState<ConformanceState>();
            await storage.ReadStateAsync("s", GrainId.Create("G", $"g{i}"), read, Ct);
            Assert.Equal($"g{i}", read.State!.Name);
        }

        var kept = new GrainState<ConformanceState>();
        await storage.ReadStateAsync("s", staleGrain, kept, Ct);
        Assert.Equal("g-1", kept.State!.Name);
        Assert.Equal(["{}"], (await logs.ReadAsync("l", "F/behind", 0, 10, Ct)).Select(e => e.Json));
    }

    [Fact]
    public async Task A_commit_holds_no_more_writes_than_the_option_allows()
    {
        var provider = _database.Open(o => o.MaxWritesPerCommit = 10);
        var storage = provider.GetRequiredKeyedService<IGrainStorage>(LicenseStorage.StateStorageName);
        var coalescer = provider.GetRequiredService<SqliteDatabase>().Coalescer;
        await storage.ReadStateAsync("s", GrainId.Create("G", "warm"), new GrainState<ConformanceState>(), Ct);

        await Task.WhenAll(Enumerable.Range(0, 100).Select(i => storage.WriteStateAsync("s", GrainId.Create("G", $"g{i}"), State(i), Ct)));

        Assert.Equal(100, coalescer.Writes);
        Assert.True(coalescer.Commits >= 10, $"{coalescer.Commits} commits for 100 writes at 10 per commit");
    }
}
