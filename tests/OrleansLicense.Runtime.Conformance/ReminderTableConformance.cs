using OrleansLicense.Runtime.Grains;
using OrleansLicense.Runtime.Storage;

namespace OrleansLicense.Runtime.Conformance;

/// <summary>
/// The contract of <see cref="IReminderTable"/>: rows keyed by (grain, name), versioned, read by
/// ring range on the grain hash. The table stores <see cref="ReminderEntry.GrainHash"/> as given,
/// so these tests pick hashes at the edges of the unsigned range.
/// </summary>
public abstract class ReminderTableConformance : ConformanceBase<IReminderTable>
{
    private static readonly GrainId Grain = new("license", "acme/pro");

    private static ReminderEntry Entry(GrainId grain, string name, uint hash, int periodMinutes = 5) =>
        new(grain, name, T0, TimeSpan.FromMinutes(periodMinutes), hash, 0);

    private static ReminderEntry Entry(string name = "expire", int periodMinutes = 5) =>
        Entry(Grain, name, Grain.StableHash(), periodMinutes);

    private async Task SeedHashesAsync(params uint[] hashes)
    {
        foreach (var hash in hashes)
        {
            await Store.UpsertAsync(Entry(new GrainId("g", hash.ToString(System.Globalization.CultureInfo.InvariantCulture)), "r", hash), Ct);
        }
    }

    private async Task<uint[]> RangeAsync(uint beginExclusive, uint endInclusive) =>
        [.. (await Store.ReadRangeAsync(beginExclusive, endInclusive, Ct)).Select(e => e.GrainHash).Order()];

    private async Task AssertRangeAsync(uint beginExclusive, uint endInclusive, params uint[] expected) =>
        Assert.Equal(expected, await RangeAsync(beginExclusive, endInclusive));

    [Fact]
    public async Task Read_of_a_missing_reminder_is_null_and_a_grain_without_reminders_is_empty()
    {
        Assert.Null(await Store.ReadAsync(Grain, "expire", Ct));
        Assert.Empty(await Store.ReadGrainAsync(Grain, Ct));
        Assert.Empty(await Store.ReadRangeAsync(0, 0, Ct));
    }

    [Fact]
    public async Task Upsert_inserts_and_the_row_reads_back_with_its_version()
    {
        var entry = new ReminderEntry(Grain, "expire", T0, TimeSpan.FromMilliseconds(90_061_001), Grain.StableHash(), 0);

        var version = await Store.UpsertAsync(entry, Ct);

        Assert.True(version > 0);
        Assert.Equal(entry with { Version = version }, await Store.ReadAsync(Grain, "expire", Ct));
    }

    [Fact]
    public async Task Upsert_ignores_the_entry_version()
    {
        var version = await Store.UpsertAsync(Entry() with { Version = 12345 }, Ct);

        Assert.Equal(version, (await Store.ReadAsync(Grain, "expire", Ct))!.Version);
    }

    [Fact]
    public async Task Upsert_of_an_existing_reminder_replaces_it_and_bumps_the_version()
    {
        var first = await Store.UpsertAsync(Entry(periodMinutes: 5), Ct);

        var second = await Store.UpsertAsync(Entry(periodMinutes: 7) with { StartAt = T0.AddHours(1) }, Ct);

        Assert.True(second > first);
        var stored = await Store.ReadAsync(Grain, "expire", Ct);
        Assert.Equal(Entry(periodMinutes: 7) with { StartAt = T0.AddHours(1), Version = second }, stored);
        Assert.Single(await Store.ReadGrainAsync(Grain, Ct));
    }

    [Fact]
    public async Task Read_grain_returns_every_reminder_of_that_grain_only()
    {
        var other = new GrainId("license", "acme/basic");
        await Store.UpsertAsync(Entry("expire"), Ct);
        await Store.UpsertAsync(Entry("renew"), Ct);
        await Store.UpsertAsync(Entry(other, "expire", other.StableHash()), Ct);

        var rows = await Store.ReadGrainAsync(Grain, Ct);

        Assert.Equal(["expire", "renew"], rows.Select(r => r.Name).Order(StringComparer.Ordinal));
        Assert.All(rows, r => Assert.Equal(Grain, r.GrainId));
    }

    [Fact]
    public async Task Remove_with_the_stored_version_removes()
    {
        var version = await Store.UpsertAsync(Entry(), Ct);

        Assert.True(await Store.RemoveAsync(Grain, "expire", version, Ct));

        Assert.Null(await Store.ReadAsync(Grain, "expire", Ct));
    }

    [Fact]
    public async Task Remove_with_a_stale_version_is_refused_and_keeps_the_row()
    {
        var first = await Store.UpsertAsync(Entry(), Ct);
        var second = await Store.UpsertAsync(Entry(periodMinutes: 9), Ct);

        Assert.False(await Store.RemoveAsync(Grain, "expire", first, Ct));

        Assert.Equal(second, (await Store.ReadAsync(Grain, "expire", Ct))!.Version);
    }

    [Fact]
    public async Task Remove_of_a_missing_reminder_is_false()
    {
        Assert.False(await Store.RemoveAsync(Grain, "expire", 1, Ct));
    }

    [Fact]
    public async Task Range_with_begin_below_end_excludes_begin_and_includes_end()
    {
        await SeedHashesAsync(0, 10, 11, 100, 101, uint.MaxValue);

        await AssertRangeAsync(10, 100, 11u, 100u);
    }

    [Fact]
    public async Task Range_handles_hashes_above_int_max()
    {
        await SeedHashesAsync(0x7FFF_FFFF, 0x8000_0000, 0xC000_0000, uint.MaxValue);

        await AssertRangeAsync(0x7FFF_FFFF, 0xC000_0000, 0x8000_0000u, 0xC000_0000u);
        await AssertRangeAsync(0x7FFF_FFFF, uint.MaxValue, 0x8000_0000u, 0xC000_0000u, uint.MaxValue);
    }

    [Fact]
    public async Task Range_with_begin_above_end_wraps_around_the_ring()
    {
        await SeedHashesAsync(0, 5, 6, 1000, uint.MaxValue - 10, uint.MaxValue - 9, uint.MaxValue);

        await AssertRangeAsync(uint.MaxValue - 10, 5, 0u, 5u, uint.MaxValue - 9, uint.MaxValue);
    }

    [Fact]
    public async Task Range_with_begin_equal_to_end_is_the_whole_ring()
    {
        await SeedHashesAsync(0, 7, 8, 0x8000_0000, uint.MaxValue);

        await AssertRangeAsync(7, 7, 0u, 7u, 8u, 0x8000_0000u, uint.MaxValue);
        await AssertRangeAsync(0, 0, 0u, 7u, 8u, 0x8000_0000u, uint.MaxValue);
    }

    [Fact]
    public async Task Range_edges_of_the_unsigned_space()
    {
        await SeedHashesAsync(0, 1, uint.MaxValue);

        // (0, max] is everything but 0; (max, 0] wraps to just 0.
        await AssertRangeAsync(0, uint.MaxValue, 1u, uint.MaxValue);
        await AssertRangeAsync(uint.MaxValue, 0, 0u);
    }

    [Fact]
    public async Task Ranges_that_split_the_ring_partition_the_rows()
    {
        var hashes = new uint[] { 0, 1, 1000, 0x4000_0000, 0x8000_0000, 0xBFFF_FFFF, uint.MaxValue };
        await SeedHashesAsync(hashes);
        uint[] bounds = [0x1000_0000, 0x8000_0000, 0xF000_0000];

        var parts = new List<uint>();
        for (var i = 0; i < bounds.Length; i++)
        {
            parts.AddRange(await RangeAsync(bounds[i], bounds[(i + 1) % bounds.Length]));
        }

        Assert.Equal(hashes.Order(), parts.Order());
    }

    [Fact]
    public async Task Range_rows_carry_every_field()
    {
        var entry = Entry();
        var version = await Store.UpsertAsync(entry, Ct);

        var rows = await Store.ReadRangeAsync(entry.GrainHash - 1, entry.GrainHash, Ct);

        Assert.Equal([entry with { Version = version }], rows);
    }
}
