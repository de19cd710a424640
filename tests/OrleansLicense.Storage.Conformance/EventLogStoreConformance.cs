
using Orleans.Storage;
using OrleansLicense.Storage.EventLogs;

namespace OrleansLicense.Storage.Conformance;

/// <summary>The contract of <see cref="IEventLogStore"/>: gap-free append-only logs fenced by length (a refused append throws <see cref="InconsistentStateException"/> with the expected length as CurrentEtag and the stored one as StoredEtag), and snapshots.</summary>
public abstract class EventLogStoreConformance : ConformanceBase<IEventLogStore>
{
    private const string Log = "leases";
    private const string Grain = "pool/acme/pro";

    private static EventRecord[] Events(int count, string prefix = "e", int firstMinute = 0) =>
        Enumerable.Range(0, count)
            .Select(i => new EventRecord($"{{\"{prefix}\":{i}}}", T0.AddMinutes(firstMinute + i)))
            .ToArray();

    private Task<IReadOnlyList<StoredEvent>> ReadAllAsync(string log = Log, string? grain = null) =>
        Store.ReadAsync(log, grain ?? Grain, 0, int.MaxValue, Ct);

    [Fact]
    public async Task Read_of_an_empty_log_is_empty()
    {
        Assert.Empty(await ReadAllAsync());
    }

    [Fact]
    public async Task Append_returns_the_new_length_and_events_read_back_in_order_from_1()
    {
        var events = Events(3);

        Assert.Equal(3, await Store.AppendAsync(Log, Grain, 0, events, Ct));

        var stored = await ReadAllAsync();
        Assert.Equal([1L, 2L, 3L], stored.Select(e => e.Sequence));
        Assert.Equal(events.Select(e => e.Json), stored.Select(e => e.Json));
        Assert.Equal(events.Select(e => e.RecordedAt), stored.Select(e => e.RecordedAt));
    }

    [Fact]
    public async Task Appends_continue_the_sequence_without_gaps()
    {
        await Store.AppendAsync(Log, Grain, 0, Events(2, "a"), Ct);
        Assert.Equal(3, await Store.AppendAsync(Log, Grain, 2, Events(1, "b"), Ct));
        Assert.Equal(7, await Store.AppendAsync(Log, Grain, 3, Events(4, "c"), Ct));

        var stored = await ReadAllAsync();
        Assert.Equal(Enumerable.Range(1, 7).Select(i => (long)i), stored.Select(e => e.Sequence));
        Assert.Equal(["{\"a\":0}", "{\"a\":1}", "{\"b\":0}", "{\"c\":0}", "{\"c\":1}", "{\"c\":2}", "{\"c\":3}"], stored.Select(e => e.Json));
    }

    [Fact]
    public async Task Read_after_a_sequence_and_up_to_a_count()
    {
        await Store.AppendAsync(Log, Grain, 0, Events(10), Ct);

        var page = await Store.ReadAsync(Log, Grain, 4, 3, Ct);

        Assert.Equal([5L, 6L, 7L], page.Select(e => e.Sequence));
        Assert.Equal([9L, 10L], (await Store.ReadAsync(Log, Grain, 8, 100, Ct)).Select(e => e.Sequence));
        Assert.Empty(await Store.ReadAsync(Log, Grain, 10, 100, Ct));
    }

    [Fact]
    public async Task Append_behind_the_log_fails_whole()
    {
        await Store.AppendAsync(Log, Grain, 0, Events(3, "first"), Ct);

        var ex = await Assert.ThrowsAsync<InconsistentStateException>(() => Store.AppendAsync(Log, Grain, 1, Events(5, "late"), Ct));

        Assert.Equal("1", ex.CurrentEtag);
        Assert.Equal("3", ex.StoredEtag);
        var stored = await ReadAllAsync();
        Assert.Equal(3, stored.Count);
        Assert.All(stored, e => Assert.StartsWith("{\"first\"", e.Json, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Append_ahead_of_the_log_fails_whole_and_leaves_no_gap()
    {
        await Store.AppendAsync(Log, Grain, 0, Events(2), Ct);

        var ex = await Assert.ThrowsAsync<InconsistentStateException>(() => Store.AppendAsync(Log, Grain, 5, Events(3, "ahead"), Ct));

        Assert.Equal("5", ex.CurrentEtag);
        Assert.Equal("2", ex.StoredEtag);
        Assert.Equal([1L, 2L], (await ReadAllAsync()).Select(e => e.Sequence));
    }

    [Fact]
    public async Task Append_to_an_empty_log_expecting_events_fails()
    {
        var ex = await Assert.ThrowsAsync<InconsistentStateException>(() => Store.AppendAsync(Log, Grain, 1, Events(1), Ct));

        Assert.Equal("0", ex.StoredEtag);
        Assert.Empty(await ReadAllAsync());
    }

    [Fact]
    public async Task Many_events_in_one_append_are_stored_gap_free_and_in_order()
    {
        const int count = 2_000;
        var events = Events(count);

        Assert.Equal(count, await Store.AppendAsync(Log, Grain, 0, events, Ct));

        var stored = await ReadAllAsync();
        Assert.Equal(Enumerable.Range(1, count).Select(i => (long)i), stored.Select(e => e.Sequence));
        Assert.Equal(events.Select(e => e.Json), stored.Select(e => e.Json));
    }

    [Fact]
    public async Task Recorded_at_round_trips_to_the_millisecond()
    {
        var times = new[]
        {
            T0,
            new DateTimeOffset(1999, 12, 31, 23, 59, 59, 999, TimeSpan.FromHours(-8)),
            new DateTimeOffset(2038, 1, 19, 3, 14, 8, 1, TimeSpan.Zero),
        };

        await Store.AppendAsync(Log, Grain, 0, times.Select((t, i) => new EventRecord($"{i}", t)).ToArray(), Ct);

        Assert.Equal(times, (await ReadAllAsync()).Select(e => e.RecordedAt));
    }

    [Fact]
    public async Task Logs_are_keyed_by_log_name_and_grain()
    {
        var other = "pool/acme/basic";
        await Store.AppendAsync(Log, Grain, 0, Events(3, "mine"), Ct);
        await Store.AppendAsync("audit", Grain, 0, Events(1, "audit"), Ct);
        await Store.AppendAsync(Log, other, 0, Events(2, "other"), Ct);

        Assert.Equal(3, (await ReadAllAsync()).Count);
        Assert.Equal(["{\"audit\":0}"], (await ReadAllAsync("audit")).Select(e => e.Json));
        Assert.Equal([1L, 2L], (await ReadAllAsync(grain: other)).Select(e => e.Sequence));
    }

    [Fact]
    public async Task Concurrent_appenders_on_one_length_exactly_one_wins_and_only_its_events_are_stored()
    {
        await Store.AppendAsync(Log, Grain, 0, Events(1, "base"), Ct);
        const int appenders = 12;

        var outcomes = await RaceAsync<InconsistentStateException>(appenders, i => Store.AppendAsync(Log, Grain, 1, Events(5, $"w{i}"), Ct));

        Assert.Single(outcomes, won => won);
        var winner = Array.IndexOf(outcomes, true);
        var stored = await ReadAllAsync();
        Assert.Equal(Enumerable.Range(1, 6).Select(i => (long)i), stored.Select(e => e.Sequence));
        Assert.All(stored.Skip(1), e => Assert.StartsWith($"{{\"w{winner}\"", e.Json, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Read_snapshot_of_a_grain_without_one_is_null()
    {
        Assert.Null(await Store.ReadSnapshotAsync(Log, Grain, Ct));
    }

    [Fact]
    public async Task Snapshot_write_read_and_newer_replaces()
    {
        await Store.WriteSnapshotAsync(Log, Grain, new StoredSnapshot(3, "{\"v\":3}"), Ct);
        Assert.Equal(new StoredSnapshot(3, "{\"v\":3}"), await Store.ReadSnapshotAsync(Log, Grain, Ct));

        await Store.WriteSnapshotAsync(Log, Grain, new StoredSnapshot(8, "{\"v\":8}"), Ct);
        Assert.Equal(new StoredSnapshot(8, "{\"v\":8}"), await Store.ReadSnapshotAsync(Log, Grain, Ct));
    }

    [Fact]
    public async Task Older_snapshot_is_ignored()
    {
        await Store.WriteSnapshotAsync(Log, Grain, new StoredSnapshot(8, "{\"v\":8}"), Ct);

        await Store.WriteSnapshotAsync(Log, Grain, new StoredSnapshot(5, "{\"v\":5}"), Ct);

        Assert.Equal(new StoredSnapshot(8, "{\"v\":8}"), await Store.ReadSnapshotAsync(Log, Grain, Ct));
    }

    [Fact]
    public async Task Snapshots_are_keyed_by_log_name_and_grain()
    {
        var other = "pool/acme/basic";
        await Store.WriteSnapshotAsync(Log, Grain, new StoredSnapshot(2, "mine"), Ct);
        await Store.WriteSnapshotAsync("audit", Grain, new StoredSnapshot(1, "audit"), Ct);
        await Store.WriteSnapshotAsync(Log, other, new StoredSnapshot(9, "other"), Ct);

        Assert.Equal(new StoredSnapshot(2, "mine"), await Store.ReadSnapshotAsync(Log, Grain, Ct));
        Assert.Equal(new StoredSnapshot(1, "audit"), await Store.ReadSnapshotAsync("audit", Grain, Ct));
        Assert.Equal(new StoredSnapshot(9, "other"), await Store.ReadSnapshotAsync(Log, other, Ct));
    }

    [Fact]
    public async Task Snapshots_do_not_touch_the_log()
    {
        await Store.AppendAsync(Log, Grain, 0, Events(2), Ct);

        await Store.WriteSnapshotAsync(Log, Grain, new StoredSnapshot(2, "s"), Ct);

        Assert.Equal(2, (await ReadAllAsync()).Count);
        Assert.Equal(3, await Store.AppendAsync(Log, Grain, 2, Events(1), Ct));
    }

    // #12 storage growth: trimming deletes the front of a log and nothing else.
    [Fact]
    public async Task Trim_deletes_events_through_the_sequence_and_keeps_the_later_ones()
    {
        await Store.AppendAsync(Log, Grain, 0, Events(10), Ct);

        Assert.Equal(4, await Store.TrimAsync(Log, Grain, 4, Ct));

        Assert.Equal(Enumerable.Range(5, 6).Select(i => (long)i), (await ReadAllAsync()).Select(e => e.Sequence));
        Assert.Equal([5L, 6L], (await Store.ReadAsync(Log, Grain, 2, 2, Ct)).Select(e => e.Sequence));
        Assert.Equal(0, await Store.TrimAsync(Log, Grain, 3, Ct));
    }

    [Fact]
    public async Task Trim_keeps_the_last_event_so_the_length_and_the_append_fence_stay()
    {
        await Store.AppendAsync(Log, Grain, 0, Events(5), Ct);

        Assert.Equal(4, await Store.TrimAsync(Log, Grain, 99, Ct));

        Assert.Equal([5L], (await ReadAllAsync()).Select(e => e.Sequence));
        var behind = await Assert.ThrowsAsync<InconsistentStateException>(() => Store.AppendAsync(Log, Grain, 0, Events(1), Ct));
        Assert.Equal("5", behind.StoredEtag);
        Assert.Equal(7, await Store.AppendAsync(Log, Grain, 5, Events(2, "after"), Ct));
        Assert.Equal([5L, 6L, 7L], (await ReadAllAsync()).Select(e => e.Sequence));
    }

    [Fact]
    public async Task Trim_touches_neither_the_snapshot_nor_other_logs()
    {
        var other = "pool/acme/basic";
        await Store.AppendAsync(Log, Grain, 0, Events(6), Ct);
        await Store.AppendAsync(Log, other, 0, Events(6), Ct);
        await Store.AppendAsync("audit", Grain, 0, Events(6), Ct);
        await Store.WriteSnapshotAsync(Log, Grain, new StoredSnapshot(6, "s"), Ct);

        Assert.Equal(5, await Store.TrimAsync(Log, Grain, 6, Ct));

        Assert.Equal(new StoredSnapshot(6, "s"), await Store.ReadSnapshotAsync(Log, Grain, Ct));
        Assert.Equal(6, (await ReadAllAsync(grain: other)).Count);
        Assert.Equal(6, (await ReadAllAsync("audit")).Count);
    }

    [Fact]
    public async Task Trim_of_a_backlog_longer_than_one_chunk_deletes_all_of_it()
    {
        // Both stores delete at most 5,000 events per statement (the first trim after an upgrade meets a long backlog).
        for (var length = 0; length < 12_000; length += 1_000)
        {
            await Store.AppendAsync(Log, Grain, length, Events(1_000), Ct);
        }

        Assert.Equal(11_500, await Store.TrimAsync(Log, Grain, 11_500, Ct));

        Assert.Equal(Enumerable.Range(11_501, 500).Select(i => (long)i), (await ReadAllAsync()).Select(e => e.Sequence));
        Assert.Equal(12_001, await Store.AppendAsync(Log, Grain, 12_000, Events(1), Ct));
    }

    [Fact]
    public async Task Trim_of_an_empty_log_deletes_nothing()
    {
        Assert.Equal(0, await Store.TrimAsync(Log, Grain, 10, Ct));
        Assert.Equal(1, await Store.AppendAsync(Log, Grain, 0, Events(1), Ct));
    }
}
