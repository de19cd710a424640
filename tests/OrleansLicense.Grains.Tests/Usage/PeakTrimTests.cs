using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using OrleansLicense.Grains.Seats;
using OrleansLicense.Grains.Tests.Support;
using OrleansLicense.Grains.Usage;
using OrleansLicense.Storage;
using OrleansLicense.Storage.EventLogs;

namespace OrleansLicense.Grains.Tests.Usage;

/// <summary>
/// #12 storage growth with R-USE-3: a pool's events are deleted once both its newest snapshot and the license's
/// stored peaks are past them, without anyone querying the peaks, and neither the peaks nor the pool's holders change.
/// </summary>
public sealed class PeakTrimTests : SiloTestBase
{
    private const string GrainId = "feature/L1/draw";

    private readonly AppendProbe _appends = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private IFeatureGrain Pool => Silo.Grains.GetGrain<IFeatureGrain>(FeatureKey.Of("L1", "draw"));

    private IEventLogStore Store => Silo.Service<IEventLogStore>();

    internal override Task<LicenseSilo> StartSiloAsync()
        => LicenseSilo.StartAsync(DatabasePath, Clock, Vendor, configureSilo: silo => _appends.Install(silo.Services));

    [Fact]
    public async Task R_USE_3_a_pool_past_several_snapshots_keeps_only_its_newest_events_and_the_peaks_stay_the_same()
    {
        await Silo.Import("L1", "cad", ("draw", 300));

        // Three days of logins and logouts, every wave given back whole: a day's peak is its biggest wave.
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

        string[] stay = [.. Enumerable.Range(0, 7).Select(i => $"stay-{i}")];
        await Task.WhenAll(stay.Select(s => Pool.Acquire(s, 0, 1, 3600, null, Ct)));

        // Nobody asked for the peaks: the snapshots poked them, and they told the pool how far to trim.
        var snapshot = await Store.ReadSnapshotAsync(SeatLogJson.LogName, GrainId, Ct);
        Assert.NotNull(snapshot);
        Assert.True(snapshot.Version >= 3000, $"three snapshots or more; the newest is at {snapshot.Version}");
        Assert.True(await Eventually(async () => await ReadStoredAsync() is var rows && (rows[0].Sequence > snapshot.Version || rows.Count == 1)), "trimmed through the newest snapshot (#12)");
        var kept = await ReadStoredAsync();
        var version = kept[^1].Sequence;

        // Only the events after the snapshot stay (the last event always, as the append fence).
        Assert.Equal(Math.Max(1, version - snapshot.Version), kept.Count);
        Assert.True(kept.Count < 1100, $"only the events since the snapshot stay, not {kept.Count}");

        // Nothing the stored peaks still need is gone: their durable cursor is at or past the trimmed point.
        var stored = new GrainState<PeakState>();
        await Silo.Service<IServiceProvider>().GetRequiredKeyedService<IGrainStorage>(LicenseStorage.StateStorageName)
            .ReadStateAsync("peaks", Silo.Grains.GetGrain<IPeakGrain>("L1").GetGrainId(), stored);
        var cursor = stored.State!.Cursors["draw"];
        Assert.True(cursor >= kept[0].Sequence - 1, $"peaks stored through {cursor}, log kept from {kept[0].Sequence}");

        // R-USE-3: the same peaks as with every event kept, before and after a restart.
        await AssertPeaksAsync();
        await RestartAsync();
        Assert.Equal(stay.Order(StringComparer.Ordinal), (await Pool.ListLeases()).Select(l => l.SessionId).Order(StringComparer.Ordinal));
        Assert.Equal(7, (await Pool.GetUsage()).Used);
        await AssertPeaksAsync();

        // The pool goes on appending at the right length after the trim.
        await Pool.Release("stay-0", null, Ct);
        Assert.Equal(6, (await Pool.GetUsage()).Used);
    }

    [Fact]
    public async Task The_peaks_never_read_events_whose_append_has_not_returned()
    {
        // The race CI met: a fold read the log past an append still storing its snapshot, told the pool to trim
        // there, and the pool, not yet knowing that snapshot, trimmed short of it; the fold the snapshot poked then
        // found nothing new to tell, and the log kept everything since the previous snapshot.
        await Silo.Import("L1", "cad", ("draw", 10));
        await Pool.Acquire("s1", 0, 1, 3600, null, Ct);
        await Pool.Acquire("s2", 0, 1, 3600, null, Ct);

        // A fresh activation knows no event from memory, so the peaks' read goes to the log.
        await RestartAsync();
        var before = await Pool.ReadChanges(0, 1000, Ct);
        var committed = before.LastSequence;

        _appends.Script("L1", "draw", AppendStep.StoreAndHold);
        var held = Pool.Acquire("s3", 0, 1, 3600, null, Ct);
        try
        {
            await _appends.Hanging;
            var stored = await ReadStoredAsync();
            Assert.Equal(committed + 1, stored[^1].Sequence);

            // Stored, but its append has not returned: the pool answers as of the last append that did.
            var during = await Pool.ReadChanges(0, 1000, Ct);
            Assert.Equal((committed, false), (during.LastSequence, during.More));
            Assert.Equal(before.Changes, during.Changes);
            var edge = await Pool.ReadChanges(committed - 1, 1, Ct);
            Assert.Equal((committed, false), (edge.LastSequence, edge.More));
        }
        finally
        {
            // Also when an assertion failed: a held append would hold the silo's shutdown.
            _appends.ReleaseHeld();
        }

        Assert.Equal(1, await held);
        var after = await Pool.ReadChanges(0, 1000, Ct);
        Assert.Equal(committed + 1, after.LastSequence);
        Assert.Equal("s:s3", after.Changes[^1].Holder);
    }

    [Fact]
    public async Task A_fold_that_reached_the_log_s_end_trims_its_last_event_once_another_follows()
    {
        // One event per append, so the snapshot falls on the log's end: the peaks fold through it, and the store keeps
        // that event as its append fence.
        await Silo.Import("L1", "cad", ("draw", 2000));
        var count = 0;
        while (await Store.ReadSnapshotAsync(SeatLogJson.LogName, GrainId, Ct) is null)
        {
            Assert.True(++count <= 2000, "a snapshot within 2,000 appends");
            await Pool.Acquire($"s{count}", 0, 1, 3600, null, Ct);
        }

        var snapshot = (await Store.ReadSnapshotAsync(SeatLogJson.LogName, GrainId, Ct))!;
        Assert.Equal(snapshot.Version, (await ReadStoredAsync())[^1].Sequence);
        Assert.True(await Eventually(async () => (await ReadStoredAsync()).Count == 1), "trimmed to the fence");
        Assert.Equal(snapshot.Version, (await ReadStoredAsync())[0].Sequence);

        // The next append lets the fence go: the peaks told that far already, so no new snapshot is needed for it.
        await Pool.Acquire("one-more", 0, 1, 3600, null, Ct);
        Assert.True(await Eventually(async () => (await ReadStoredAsync())[0].Sequence > snapshot.Version), "the old fence trimmed after the next append");
        Assert.Equal([snapshot.Version + 1], (await ReadStoredAsync()).Select(e => e.Sequence));
        Assert.Equal(count + 1, (await Pool.GetUsage()).Used);
    }

    private async Task AssertPeaksAsync()
    {
        var peaks = await Silo.Grains.GetGrain<IPeakGrain>("L1").GetDays(null, null, Ct);
        Assert.Equal(
            [("2026-01-05", 250, 250), ("2026-01-06", 300, 300), ("2026-01-07", 150, 150)],
            peaks.Select(d => (d.Date, d.Sn, d.Features["draw"])));
    }

    private Task<IReadOnlyList<StoredEvent>> ReadStoredAsync() => Store.ReadAsync(SeatLogJson.LogName, GrainId, 0, int.MaxValue, Ct);
}
