using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using OrleansLicense.Grains.Seats;
using OrleansLicense.Grains.Tests.Support;
using OrleansLicense.Grains.Usage;
using OrleansLicense.Storage;
using OrleansLicense.Storage.EventLogs;

namespace OrleansLicense.Grains.Tests.Usage;

/// <summary>
/// Issue #12 (CPU per login) with R-USE-3: the daily peaks read the events a pool committed since their last fold from
/// the pool's memory, not back from the store, and fold the same figures; a read memory does not cover goes to the log,
/// which answers the same pages.
/// </summary>
public sealed class PeakTailTests : SiloTestBase
{
    private const string GrainId = "feature/L1/draw";

    private readonly StoreReads _reads = new(GrainId);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private IFeatureGrain Pool => Silo.Grains.GetGrain<IFeatureGrain>(FeatureKey.Of("L1", "draw"));

    internal override Task<LicenseSilo> StartSiloAsync()
        => LicenseSilo.StartAsync(DatabasePath, Clock, Vendor, configureSilo: silo => _reads.Install(silo.Services));

    [Fact]
    public async Task R_USE_3_peaks_folded_after_each_snapshot_read_nothing_back_from_the_store_and_stay_the_same()
    {
        await Silo.Import("L1", "cad", ("draw", 300));
        await Pool.GetUsage();
        _reads.Reset();

        // Three days of waves, every wave given back whole, across three snapshots or more: each poked the peaks.
        int[][] days = [[200, 200, 250], [100, 300, 100], [150, 150, 150, 150]];
        for (var day = 0; day < days.Length; day++)
        {
            if (day > 0)
            {
                Clock.Advance(TimeSpan.FromDays(1));
            }

            for (var wave = 0; wave < days[day].Length; wave++)
            {
                var sessions = Enumerable.Range(0, days[day][wave]).Select(i => $"d{day}-w{wave}-{i}").ToList();
                await Task.WhenAll(sessions.Select(s => Pool.Acquire(s, 0, 1, 3600, null, Ct)));
                await Task.WhenAll(sessions.Select(s => Pool.Release(s, null, Ct)));
            }
        }

        // The peaks folded after the newest snapshot, and no catch-up (nor the query) read the pool's events back.
        var snapshot = await Silo.Service<IEventLogStore>().ReadSnapshotAsync(SeatLogJson.LogName, GrainId, Ct);
        Assert.NotNull(snapshot);
        Assert.True(snapshot.Version >= 3000, $"three snapshots or more; the newest is at {snapshot.Version}");
        Assert.True(await Eventually(async () => await StoredCursorAsync() >= snapshot.Version), "the peaks folded after the newest snapshot");
        var days1 = await Silo.Grains.GetGrain<IPeakGrain>("L1").GetDays(null, null, Ct);
        Assert.Equal(0, _reads.Count);

        // The figures are those of every event read from the log: as before the pool kept them in memory.
        Assert.Equal(
            [("2026-01-05", 250, 250), ("2026-01-06", 300, 300), ("2026-01-07", 150, 150)],
            days1.Select(d => (d.Date, d.Sn, d.Features["draw"])));

        // After a restart the pool's memory starts at its log's end, and the peaks go on from their stored cursor.
        await RestartAsync();
        await Task.WhenAll(Enumerable.Range(0, 320).Select(i => Pool.Acquire($"late-{i % 280}", 0, 1, 3600, null, Ct)));
        var days2 = await Silo.Grains.GetGrain<IPeakGrain>("L1").GetDays(null, null, Ct);
        Assert.Equal(
            [("2026-01-05", 250, 250), ("2026-01-06", 300, 300), ("2026-01-07", 280, 280)],
            days2.Select(d => (d.Date, d.Sn, d.Features["draw"])));
    }

    [Fact]
    public async Task A_read_from_the_pool_s_memory_gives_the_page_the_log_gives_for_the_same_range()
    {
        // Fewer events than a snapshot: nothing pokes the peaks, so nothing trims, and every event is in memory.
        await Silo.Import("L1", "cad", ("draw", 10));
        foreach (var session in new[] { "s1", "s2", "s3" })
        {
            await Pool.Acquire(session, 0, 2, 3600, null, Ct);
        }

        await Pool.Delegate("agent-1", 1, false, Ct);
        await Pool.Borrow("b1", 1, Clock.GetUtcNow().AddDays(2), Ct);
        await Pool.Release("s1", 1, Ct);
        await Pool.ReturnBorrow("b1", false, Ct);
        await Pool.End("s2", Ct);
        await Pool.Delegate("agent-1", 0, false, Ct);

        (long After, int Max)[] ranges = [.. Enumerable.Range(0, 11).SelectMany(after => new[] { 1, 2, 3, 1000 }.Select(max => ((long)after, max)))];
        _reads.Reset();
        var fromMemory = new List<SeatChangePage>();
        foreach (var (after, max) in ranges)
        {
            fromMemory.Add(await Pool.ReadChanges(after, max, Ct));
        }

        Assert.Equal(0, _reads.Count);
        var all = fromMemory[^1];
        Assert.Equal((10L, false), (all.LastSequence, all.More));
        Assert.Equal(["s:s1", "s:s2", "s:s3", "b:b1", "s:s1", "b:b1", "s:s2"], fromMemory[3].Changes.Select(c => c.Holder));
        Assert.Equal([2, 2, 2, 1, -1, -1, -2], fromMemory[3].Changes.Select(c => c.Delta));

        // A fresh activation knows no event from memory: the same reads come from the log.
        await RestartAsync();
        await Pool.GetUsage();
        _reads.Reset();
        for (var i = 0; i < ranges.Length; i++)
        {
            var (after, max) = ranges[i];
            var fromLog = await Pool.ReadChanges(after, max, Ct);
            Assert.Equal((fromMemory[i].LastSequence, fromMemory[i].More), (fromLog.LastSequence, fromLog.More));
            Assert.Equal(fromMemory[i].Changes, fromLog.Changes);
        }

        // Each read but those after the last event (an empty page, known from memory) took one page from the store.
        Assert.Equal(ranges.Length - 4, _reads.Count);
    }

    // The peaks' stored cursor for the pool, read from the grain storage (not through the peaks, which would fold).
    private async Task<long> StoredCursorAsync()
    {
        var stored = new GrainState<PeakState>();
        await Silo.Service<IServiceProvider>().GetRequiredKeyedService<IGrainStorage>(LicenseStorage.StateStorageName)
            .ReadStateAsync("peaks", Silo.Grains.GetGrain<IPeakGrain>("L1").GetGrainId(), stored);
        return stored.State?.Cursors.GetValueOrDefault("draw") ?? 0;
    }
}
