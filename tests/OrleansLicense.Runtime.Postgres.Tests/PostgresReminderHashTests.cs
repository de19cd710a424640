using System.Globalization;
using OrleansLicense.Runtime.Grains;
using OrleansLicense.Runtime.Storage;

namespace OrleansLicense.Runtime.Postgres.Tests;

/// <summary>
/// The unsigned grain hash is stored unchanged in a bigint column, so ring ranges are right on
/// both sides of 2^31 (where an int column would go negative).
/// </summary>
public sealed class PostgresReminderHashTests(PostgresFixture postgres) : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly PostgresTestSchema _schema = postgres.CreateSchema();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _schema.DisposeAsync();

    private static ReminderEntry Entry(uint hash) =>
        new(new GrainId("g", hash.ToString(CultureInfo.InvariantCulture)), "r", T0, TimeSpan.FromMinutes(1), hash, 0);

    private static async Task<uint[]> RangeAsync(IReminderTable table, uint begin, uint end) =>
        [.. (await table.ReadRangeAsync(begin, end, Ct)).Select(e => e.GrainHash).Order()];

    [Fact]
    public async Task Hashes_are_stored_as_the_unsigned_value()
    {
        var table = _schema.Get<IReminderTable>();
        foreach (var hash in new uint[] { 0, int.MaxValue, 0x8000_0000, uint.MaxValue })
        {
            await table.UpsertAsync(Entry(hash), Ct);
        }

        var stored = await _schema.ColumnAsync($"SELECT grain_hash FROM \"{_schema.Name}\".reminder ORDER BY grain_hash;", Ct);

        Assert.Equal(["0", "2147483647", "2147483648", "4294967295"], stored);
    }

    [Fact]
    public async Task Ranges_on_both_sides_of_2_pow_31_are_right()
    {
        var table = _schema.Get<IReminderTable>();
        uint[] hashes = [1, 0x7FFF_FFFE, 0x7FFF_FFFF, 0x8000_0000, 0x8000_0001, 0xFFFF_FFFE, uint.MaxValue];
        foreach (var hash in hashes)
        {
            await table.UpsertAsync(Entry(hash), Ct);
        }

        Assert.Equal(new[] { 0x8000_0000u }, await RangeAsync(table, 0x7FFF_FFFF, 0x8000_0000));
        Assert.Equal(new[] { 0x7FFF_FFFFu, 0x8000_0000u, 0x8000_0001u }, await RangeAsync(table, 0x7FFF_FFFE, 0x8000_0001));
        Assert.Equal(new[] { 0x8000_0001u, 0xFFFF_FFFEu, uint.MaxValue }, await RangeAsync(table, 0x8000_0000, uint.MaxValue));

        // Wrapping from above 2^31 past zero to below it.
        Assert.Equal(new[] { 1u, 0x7FFF_FFFEu, 0x7FFF_FFFFu, uint.MaxValue }, await RangeAsync(table, 0xFFFF_FFFE, 0x7FFF_FFFF));
        Assert.Equal(hashes.Except([0x8000_0000u]).Order(), await RangeAsync(table, 0x8000_0000, 0x7FFF_FFFF));
    }

    [Fact]
    public async Task Real_grain_hashes_split_into_halves_of_the_ring_land_in_exactly_one_half()
    {
        var table = _schema.Get<IReminderTable>();
        var grains = Enumerable.Range(0, 64).Select(i => new GrainId("license", $"acme/{i}")).ToArray();
        Assert.Contains(grains, g => g.StableHash() > int.MaxValue);
        Assert.Contains(grains, g => g.StableHash() <= int.MaxValue);
        foreach (var grain in grains)
        {
            await table.UpsertAsync(new ReminderEntry(grain, "expire", T0, TimeSpan.FromMinutes(5), grain.StableHash(), 0), Ct);
        }

        var low = await table.ReadRangeAsync(uint.MaxValue, int.MaxValue, Ct);
        var high = await table.ReadRangeAsync(int.MaxValue, uint.MaxValue, Ct);

        Assert.All(low, e => Assert.True(e.GrainHash <= int.MaxValue));
        Assert.All(high, e => Assert.True(e.GrainHash > int.MaxValue));
        Assert.Equal(grains.Select(g => g.ToString()).Order(StringComparer.Ordinal), low.Concat(high).Select(e => e.GrainId.ToString()).Order(StringComparer.Ordinal));
    }
}
