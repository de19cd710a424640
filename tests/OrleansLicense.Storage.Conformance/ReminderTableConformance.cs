using Orleans;
using Orleans.Runtime;

namespace OrleansLicense.Storage.Conformance;

/// <summary>
/// The contract of Orleans' <see cref="IReminderTable"/>, checked the same on every provider: rows
/// keyed by (grain id, reminder name) whose ETag changes with every upsert; a removal only with the
/// current ETag; a missing row reads as null; and ring ranges over <see cref="GrainId.GetUniformHashCode"/>:
/// <c>ReadRows(begin, end)</c> returns the rows whose hash lies in (begin, end], wrapping past
/// <see cref="uint.MaxValue"/> when begin ≥ end (begin = end is the whole ring). The table computes
/// the hash from the grain id, so the range tests seed many grains and take their bounds from the
/// hashes they got. Times are kept to the millisecond; ETags are opaque. A provider that needs
/// starting (<see cref="IReminderTable.StartAsync"/>) is started by the subclass's CreateStoreAsync.
/// </summary>
public abstract class ReminderTableConformance : ConformanceBase<IReminderTable>
{
    private static readonly GrainId Grain = GrainId.Create("borrow", "acme/pro/alice");

    /// <summary>A reminder of <paramref name="grain"/>, starting at the suite's T0.</summary>
    protected static ReminderEntry Entry(GrainId grain, string name = "expire", int periodMinutes = 5) => new()
    {
        GrainId = grain,
        ReminderName = name,
        StartAt = T0.UtcDateTime,
        Period = TimeSpan.FromMinutes(periodMinutes),
    };

    private static ReminderEntry Entry(string name = "expire", int periodMinutes = 5) => Entry(Grain, name, periodMinutes);

    private static void AssertRow(ReminderEntry expected, string? etag, ReminderEntry? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.GrainId, actual.GrainId);
        Assert.Equal(expected.ReminderName, actual.ReminderName);
        Assert.Equal(expected.StartAt, actual.StartAt);
        Assert.Equal(expected.Period, actual.Period);
        Assert.Equal(etag, actual.ETag);
    }

    /// <summary>Ring membership as Orleans defines it: (begin, end], wrapping when begin ≥ end.</summary>
    private static bool InRange(uint hash, uint begin, uint end) => begin < end ? hash > begin && hash <= end : hash > begin || hash <= end;

    /// <summary>Upserts one reminder on each of <paramref name="count"/> grains; returns the grains sorted by hash.</summary>
    private async Task<GrainId[]> SeedGrainsAsync(int count)
    {
        var grains = Enumerable.Range(0, count).Select(i => GrainId.Create("ring", $"grain-{i}")).ToArray();
        foreach (var grain in grains)
        {
            await Store.UpsertRow(Entry(grain, "tick"), Ct);
        }

        var sorted = grains.OrderBy(g => g.GetUniformHashCode()).ToArray();
        Assert.Equal(count, sorted.Select(g => g.GetUniformHashCode()).Distinct().Count());
        return sorted;
    }

    private async Task AssertRangeAsync(GrainId[] grains, uint begin, uint end)
    {
        var expected = grains.Where(g => InRange(g.GetUniformHashCode(), begin, end)).Select(g => g.ToString()).Order(StringComparer.Ordinal);
        var rows = (await Store.ReadRows(begin, end, Ct)).Reminders;
        Assert.Equal(expected, rows.Select(r => r.GrainId.ToString()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Read_of_a_missing_reminder_is_null_and_a_grain_without_reminders_is_empty()
    {
        Assert.Null(await Store.ReadRow(Grain, "expire", Ct));
        Assert.Empty((await Store.ReadRows(Grain, Ct)).Reminders);
        Assert.Empty((await Store.ReadRows(0, 0, Ct)).Reminders);
    }

    [Fact]
    public async Task Upsert_inserts_and_the_row_reads_back_with_its_etag()
    {
        var entry = Entry(Grain);
        entry.Period = TimeSpan.FromMilliseconds(90_061_001);

        var etag = await Store.UpsertRow(entry, Ct);

        Assert.NotNull(etag);
        AssertRow(entry, etag, await Store.ReadRow(Grain, "expire", Ct));
    }

    [Fact]
    public async Task Start_times_are_utc_to_the_millisecond()
    {
        var entry = Entry();
        entry.StartAt = new DateTime(2038, 1, 19, 3, 14, 8, 1, DateTimeKind.Utc);

        var etag = await Store.UpsertRow(entry, Ct);

        // DateTime equality compares ticks: the UTC instant (Orleans reads a kind-less time as UTC).
        var row = await Store.ReadRow(Grain, "expire", Ct);
        AssertRow(entry, etag, row);
        Assert.NotEqual(DateTimeKind.Local, row!.StartAt.Kind);
    }

    [Fact]
    public async Task Upsert_ignores_the_etag_the_entry_carries()
    {
        var entry = Entry();
        entry.ETag = "12345";

        var etag = await Store.UpsertRow(entry, Ct);

        Assert.Equal(etag, (await Store.ReadRow(Grain, "expire", Ct))!.ETag);
    }

    [Fact]
    public async Task Upsert_of_an_existing_reminder_replaces_it_and_changes_the_etag()
    {
        var first = await Store.UpsertRow(Entry(periodMinutes: 5), Ct);
        var replacement = Entry(periodMinutes: 7);
        replacement.StartAt = T0.UtcDateTime.AddHours(1);

        var second = await Store.UpsertRow(replacement, Ct);

        Assert.NotEqual(first, second);
        AssertRow(replacement, second, await Store.ReadRow(Grain, "expire", Ct));
        Assert.Single((await Store.ReadRows(Grain, Ct)).Reminders);
    }

    [Fact]
    public async Task Read_rows_of_a_grain_returns_every_reminder_of_that_grain_only()
    {
        var other = GrainId.Create("borrow", "acme/pro/bob");
        var expire = await Store.UpsertRow(Entry("expire"), Ct);
        var renew = await Store.UpsertRow(Entry("renew", 9), Ct);
        await Store.UpsertRow(Entry(other, "expire"), Ct);

        var rows = (await Store.ReadRows(Grain, Ct)).Reminders.OrderBy(r => r.ReminderName, StringComparer.Ordinal).ToList();

        Assert.Equal(2, rows.Count);
        AssertRow(Entry("expire"), expire, rows[0]);
        AssertRow(Entry("renew", 9), renew, rows[1]);
    }

    [Fact]
    public async Task Remove_with_the_current_etag_removes()
    {
        var etag = await Store.UpsertRow(Entry(), Ct);

        Assert.True(await Store.RemoveRow(Grain, "expire", etag!, Ct));

        Assert.Null(await Store.ReadRow(Grain, "expire", Ct));
        Assert.Empty((await Store.ReadRows(Grain, Ct)).Reminders);
    }

    [Fact]
    public async Task Remove_with_a_stale_etag_is_refused_and_keeps_the_row()
    {
        var first = await Store.UpsertRow(Entry(), Ct);
        var second = await Store.UpsertRow(Entry(periodMinutes: 9), Ct);

        Assert.False(await Store.RemoveRow(Grain, "expire", first!, Ct));

        AssertRow(Entry(periodMinutes: 9), second, await Store.ReadRow(Grain, "expire", Ct));
    }

    [Fact]
    public async Task Remove_of_a_missing_reminder_is_false()
    {
        // A real ETag, of another row.
        var etag = await Store.UpsertRow(Entry("other"), Ct);

        Assert.False(await Store.RemoveRow(Grain, "expire", etag!, Ct));

        Assert.NotNull(await Store.ReadRow(Grain, "other", Ct));
    }

    [Fact]
    public async Task Remove_removes_only_that_reminder()
    {
        var expire = await Store.UpsertRow(Entry("expire"), Ct);
        var renew = await Store.UpsertRow(Entry("renew"), Ct);

        Assert.True(await Store.RemoveRow(Grain, "expire", expire!, Ct));

        AssertRow(Entry("renew"), renew, Assert.Single((await Store.ReadRows(Grain, Ct)).Reminders));
    }

    [Fact]
    public async Task Range_with_begin_below_end_excludes_begin_and_includes_end()
    {
        var grains = await SeedGrainsAsync(40);
        var begin = grains[10].GetUniformHashCode();
        var end = grains[20].GetUniformHashCode();

        var rows = (await Store.ReadRows(begin, end, Ct)).Reminders;

        Assert.Equal(
            grains[11..21].Select(g => g.ToString()).Order(StringComparer.Ordinal),
            rows.Select(r => r.GrainId.ToString()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Range_with_begin_above_end_wraps_around_the_ring()
    {
        var grains = await SeedGrainsAsync(40);
        var begin = grains[30].GetUniformHashCode();
        var end = grains[5].GetUniformHashCode();

        var rows = (await Store.ReadRows(begin, end, Ct)).Reminders;

        Assert.Equal(
            grains[31..].Concat(grains[..6]).Select(g => g.ToString()).Order(StringComparer.Ordinal),
            rows.Select(r => r.GrainId.ToString()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Range_with_begin_equal_to_end_is_the_whole_ring()
    {
        var grains = await SeedGrainsAsync(40);

        await AssertRangeAsync(grains, grains[7].GetUniformHashCode(), grains[7].GetUniformHashCode());
        Assert.Equal(40, (await Store.ReadRows(0, 0, Ct)).Reminders.Count);
        Assert.Equal(40, (await Store.ReadRows(0x8000_0000, 0x8000_0000, Ct)).Reminders.Count);
    }

    [Fact]
    public async Task Ranges_follow_the_unsigned_ring_across_the_signed_boundary_and_the_edges()
    {
        var grains = await SeedGrainsAsync(64);
        Assert.Contains(grains, g => g.GetUniformHashCode() < 0x8000_0000);
        Assert.Contains(grains, g => g.GetUniformHashCode() >= 0x8000_0000);
        (uint Begin, uint End)[] ranges =
        [
            (0x7FFF_FFFF, 0xC000_0000),
            (0x4000_0000, 0x8000_0000),
            (0x8000_0000, 0xFFFF_FFFF),
            (0xC000_0000, 0x4000_0000),
            (0x9000_0000, 0x1000_0000),
            (0, uint.MaxValue),
            (uint.MaxValue, 0),
            (1, 0),
        ];

        foreach (var (begin, end) in ranges)
        {
            await AssertRangeAsync(grains, begin, end);
        }
    }

    [Fact]
    public async Task Ranges_that_split_the_ring_partition_the_rows()
    {
        var grains = await SeedGrainsAsync(48);
        uint[] bounds = [grains[3].GetUniformHashCode(), 0x8000_0000, grains[40].GetUniformHashCode(), 0xF000_0000];

        var parts = new List<string>();
        for (var i = 0; i < bounds.Length; i++)
        {
            parts.AddRange((await Store.ReadRows(bounds[i], bounds[(i + 1) % bounds.Length], Ct)).Reminders.Select(r => r.GrainId.ToString()));
        }

        Assert.Equal(grains.Select(g => g.ToString()).Order(StringComparer.Ordinal), parts.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Range_rows_carry_every_field()
    {
        var entry = Entry();
        var etag = await Store.UpsertRow(entry, Ct);
        var hash = Grain.GetUniformHashCode();

        var rows = (await Store.ReadRows(hash - 1, hash, Ct)).Reminders;

        AssertRow(entry, etag, Assert.Single(rows));
    }

    [Fact]
    public async Task Concurrent_upserts_of_many_grains_all_land()
    {
        const int grains = 48;

        var etags = await RaceAsync(grains, i => Store.UpsertRow(Entry(GrainId.Create("lease", $"l{i}")), Ct));

        for (var i = 0; i < grains; i++)
        {
            AssertRow(Entry(GrainId.Create("lease", $"l{i}")), etags[i], await Store.ReadRow(GrainId.Create("lease", $"l{i}"), "expire", Ct));
        }
    }

    [Fact]
    public async Task Clearing_the_table_removes_every_row()
    {
        await SeedGrainsAsync(5);
        await Store.UpsertRow(Entry(), Ct);

        await Store.TestOnlyClearTable(Ct);

        Assert.Empty((await Store.ReadRows(0, 0, Ct)).Reminders);
        Assert.Null(await Store.ReadRow(Grain, "expire", Ct));
    }
}
