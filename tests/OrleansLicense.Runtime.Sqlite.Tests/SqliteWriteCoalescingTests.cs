using OrleansLicense.Runtime.Grains;
using OrleansLicense.Runtime.Storage;

namespace OrleansLicense.Runtime.Sqlite.Tests;

/// <summary>Writes of many grains that arrive together share one transaction; one that loses its compare-and-swap fails alone.</summary>
public sealed class SqliteWriteCoalescingTests : IAsyncLifetime
{
    private readonly SqliteTestDatabase _database = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task Concurrent_writes_of_many_grains_all_commit_and_a_stale_one_among_them_fails_alone()
    {
        var states = _database.Get<IGrainStateStore>();
        var logs = _database.Get<IEventLogStore>();
        var ct = TestContext.Current.CancellationToken;
        await states.WriteAsync("s", new GrainId("G", "stale"), "{}", 0, ct);
        await states.WriteAsync("s", new GrainId("G", "stale"), "{}", 1, ct);

        var writes = Enumerable.Range(0, 200).Select(i => states.WriteAsync("s", new GrainId("G", $"g{i}"), $$"""{"i":{{i}}}""", 0, ct)).ToList();
        var appends = Enumerable.Range(0, 50).Select(i => logs.AppendAsync("l", new GrainId("F", $"f{i}"), 0, [new EventRecord("{}", DateTimeOffset.UnixEpoch)], ct)).ToList();
        var stale = states.WriteAsync("s", new GrainId("G", "stale"), """{"late":true}""", 1, ct);

        Assert.All(await Task.WhenAll(writes), version => Assert.Equal(1, version));
        Assert.All(await Task.WhenAll(appends), length => Assert.Equal(1, length));
        var conflict = await Assert.ThrowsAsync<InconsistentStateException>(() => stale);
        Assert.Equal(2, conflict.StoredVersion);

        // Every successful write is stored; the stale one changed nothing.
        for (var i = 0; i < 200; i++)
        {
            Assert.Equal($$"""{"i":{{i}}}""", (await states.ReadAsync("s", new GrainId("G", $"g{i}"), ct))!.Json);
        }

        Assert.Equal("{}", (await states.ReadAsync("s", new GrainId("G", "stale"), ct))!.Json);
    }
}
