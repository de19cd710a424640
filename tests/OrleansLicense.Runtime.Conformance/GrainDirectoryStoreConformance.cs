using OrleansLicense.Runtime.Directory;
using OrleansLicense.Runtime.Grains;
using OrleansLicense.Runtime.Membership;

namespace OrleansLicense.Runtime.Conformance;

/// <summary>
/// The contract of <see cref="IGrainDirectoryStore"/>: one entry per grain, and registration
/// always answers the winner.
/// </summary>
public abstract class GrainDirectoryStoreConformance : ConformanceBase<IGrainDirectoryStore>
{
    private static readonly GrainId Grain = new("pool", "acme/pro");
    private static readonly SiloAddress SiloA = new("10.0.0.1", 11111, 1_717_000_000_001);
    private static readonly SiloAddress SiloB = new("10.0.0.2", 11111, 1_717_000_000_002);
    private static readonly SiloAddress SiloC = new("10.0.0.3", 11111, 1_717_000_000_003);

    private static GrainAddress At(SiloAddress silo, string activation, GrainId? grain = null) => new(grain ?? Grain, silo, activation);

    [Fact]
    public async Task Lookup_of_an_unregistered_grain_is_null()
    {
        Assert.Null(await Store.LookupAsync(Grain, Ct));
    }

    [Fact]
    public async Task Register_of_a_free_grain_wins_and_can_be_looked_up()
    {
        var address = At(SiloA, "act-1");

        Assert.Equal(address, await Store.RegisterAsync(address, null, Ct));

        Assert.Equal(address, await Store.LookupAsync(Grain, Ct));
    }

    [Fact]
    public async Task Second_register_returns_the_first_and_changes_nothing()
    {
        var first = At(SiloA, "act-1");
        await Store.RegisterAsync(first, null, Ct);

        Assert.Equal(first, await Store.RegisterAsync(At(SiloB, "act-2"), null, Ct));

        Assert.Equal(first, await Store.LookupAsync(Grain, Ct));
    }

    [Fact]
    public async Task Register_again_of_the_same_address_is_idempotent()
    {
        var address = At(SiloA, "act-1");
        await Store.RegisterAsync(address, null, Ct);

        Assert.Equal(address, await Store.RegisterAsync(address, null, Ct));
    }

    [Fact]
    public async Task Register_with_the_current_entry_as_previous_replaces_it()
    {
        var dead = At(SiloA, "act-1");
        await Store.RegisterAsync(dead, null, Ct);
        var fresh = At(SiloB, "act-2");

        Assert.Equal(fresh, await Store.RegisterAsync(fresh, dead, Ct));

        Assert.Equal(fresh, await Store.LookupAsync(Grain, Ct));
    }

    [Fact]
    public async Task Register_with_a_wrong_previous_returns_the_existing_winner()
    {
        var current = At(SiloA, "act-1");
        await Store.RegisterAsync(current, null, Ct);

        Assert.Equal(current, await Store.RegisterAsync(At(SiloC, "act-3"), At(SiloA, "act-0"), Ct));
        Assert.Equal(current, await Store.RegisterAsync(At(SiloC, "act-3"), At(SiloB, "act-1"), Ct));

        Assert.Equal(current, await Store.LookupAsync(Grain, Ct));
    }

    [Fact]
    public async Task Register_with_a_previous_when_the_grain_is_free_registers()
    {
        var address = At(SiloB, "act-2");

        Assert.Equal(address, await Store.RegisterAsync(address, At(SiloA, "act-1"), Ct));

        Assert.Equal(address, await Store.LookupAsync(Grain, Ct));
    }

    [Fact]
    public async Task Unregister_with_another_activation_id_leaves_the_entry()
    {
        var address = At(SiloA, "act-1");
        await Store.RegisterAsync(address, null, Ct);

        await Store.UnregisterAsync(At(SiloA, "act-old"), Ct);

        Assert.Equal(address, await Store.LookupAsync(Grain, Ct));
    }

    [Fact]
    public async Task Unregister_with_the_matching_activation_removes_the_entry()
    {
        var address = At(SiloA, "act-1");
        await Store.RegisterAsync(address, null, Ct);

        await Store.UnregisterAsync(address, Ct);

        Assert.Null(await Store.LookupAsync(Grain, Ct));
        var next = At(SiloB, "act-2");
        Assert.Equal(next, await Store.RegisterAsync(next, null, Ct));
    }

    [Fact]
    public async Task Unregister_of_a_missing_entry_is_a_no_op()
    {
        await Store.UnregisterAsync(At(SiloA, "act-1"), Ct);

        Assert.Null(await Store.LookupAsync(Grain, Ct));
    }

    [Fact]
    public async Task Entries_are_keyed_by_grain()
    {
        var other = new GrainId("pool", "acme/basic");
        var otherType = new GrainId("license", "acme/pro");
        await Store.RegisterAsync(At(SiloA, "a"), null, Ct);
        await Store.RegisterAsync(At(SiloB, "b", other), null, Ct);
        await Store.RegisterAsync(At(SiloC, "c", otherType), null, Ct);

        Assert.Equal(At(SiloA, "a"), await Store.LookupAsync(Grain, Ct));
        Assert.Equal(At(SiloB, "b", other), await Store.LookupAsync(other, Ct));
        Assert.Equal(At(SiloC, "c", otherType), await Store.LookupAsync(otherType, Ct));
    }

    [Fact]
    public async Task Unregister_silos_removes_every_entry_on_those_silos_and_counts_them()
    {
        var grains = Enumerable.Range(0, 9).Select(i => new GrainId("pool", $"p{i}")).ToArray();
        var silos = new[] { SiloA, SiloB, SiloC };
        for (var i = 0; i < grains.Length; i++)
        {
            await Store.RegisterAsync(At(silos[i % 3], $"act-{i}", grains[i]), null, Ct);
        }

        Assert.Equal(6, await Store.UnregisterSilosAsync([SiloA, SiloB], Ct));

        for (var i = 0; i < grains.Length; i++)
        {
            var entry = await Store.LookupAsync(grains[i], Ct);
            Assert.Equal(i % 3 == 2 ? At(SiloC, $"act-{i}", grains[i]) : null, entry);
        }
    }

    [Fact]
    public async Task Unregister_silos_matches_the_generation()
    {
        await Store.RegisterAsync(At(SiloA, "act-1"), null, Ct);

        Assert.Equal(0, await Store.UnregisterSilosAsync([SiloA with { Generation = SiloA.Generation + 1 }], Ct));

        Assert.NotNull(await Store.LookupAsync(Grain, Ct));
    }

    [Fact]
    public async Task Unregister_silos_with_none_is_zero()
    {
        await Store.RegisterAsync(At(SiloA, "act-1"), null, Ct);

        Assert.Equal(0, await Store.UnregisterSilosAsync([], Ct));

        Assert.NotNull(await Store.LookupAsync(Grain, Ct));
    }

    [Fact]
    public async Task Concurrent_registrations_all_return_the_same_winner()
    {
        const int silos = 16;

        var winners = await RaceAsync(silos, i => Store.RegisterAsync(At(new SiloAddress($"10.1.0.{i}", 11111, i), $"act-{i}"), null, Ct));

        var winner = winners[0];
        Assert.All(winners, w => Assert.Equal(winner, w));
        Assert.Equal(winner, await Store.LookupAsync(Grain, Ct));
    }

    [Fact]
    public async Task Concurrent_replacements_of_a_dead_entry_all_return_the_same_winner()
    {
        var dead = At(SiloA, "act-dead");
        await Store.RegisterAsync(dead, null, Ct);
        const int silos = 16;

        var winners = await RaceAsync(silos, i => Store.RegisterAsync(At(new SiloAddress($"10.1.0.{i}", 11111, i), $"act-{i}"), dead, Ct));

        var winner = winners[0];
        Assert.NotEqual(dead, winner);
        Assert.All(winners, w => Assert.Equal(winner, w));
        Assert.Equal(winner, await Store.LookupAsync(Grain, Ct));
    }
}
