using Orleans;
using Orleans.Runtime;
using Orleans.Storage;

namespace OrleansLicense.Storage.Conformance;

/// <summary>A grain state as the grains' would be: a plain class of public properties.</summary>
public sealed class ConformanceState
{
    /// <summary>A text.</summary>
    public string Name { get; set; } = "";

    /// <summary>A number.</summary>
    public int Count { get; set; }

    /// <summary>A list.</summary>
    public List<string> Items { get; set; } = [];
}

/// <summary>
/// The contract of Orleans' <see cref="IGrainStorage"/> as the license grains rely on it, checked the
/// same on every provider (our SQLite storage, Orleans' ADO.NET storage on our PostgreSQL schema):
/// a missing state reads as a default state with no record and no ETag; every write and clear is
/// fenced by the ETag the grain holds (<see cref="InconsistentStateException"/> otherwise, changing
/// nothing, and leaving the grain's ETag as it was); of writers racing on one ETag exactly one wins;
/// states are keyed by state name and grain id.
/// ETags are opaque here. Left to each provider's own tests: the values of the exception's
/// StoredEtag/CurrentEtag (Orleans' ADO.NET storage leaves them null); whether a state read after a
/// clear reports a record (ADO.NET keeps a row with a null payload, so it does); a clear by a grain
/// state holding neither ETag nor record while a record exists (ADO.NET reads the record and clears
/// it, our SQLite storage refuses; a grain never gets there, it read its state when it activated);
/// and grain ids of different types with one key (ADO.NET keys a string-keyed grain by its key alone).
/// </summary>
public abstract class GrainStorageConformance : ConformanceBase<IGrainStorage>
{
    /// <summary>The state name the tests use.</summary>
    protected const string StateName = "seats";

    /// <summary>The grain the tests use.</summary>
    protected static readonly GrainId Grain = GrainId.Create("license", "acme/pro");

    /// <summary>A state with a name, a count and items.</summary>
    protected static ConformanceState Sample(string name, int count = 1) => new() { Name = name, Count = count, Items = [name, $"{name}-{count}"] };

    /// <summary>Reads into a fresh grain state, as a new activation would.</summary>
    protected async Task<GrainState<ConformanceState>> ReadAsync(string stateName = StateName, GrainId? grain = null)
    {
        var state = new GrainState<ConformanceState>();
        await Store.ReadStateAsync(stateName, grain ?? Grain, state, Ct);
        return state;
    }

    /// <summary>Writes <paramref name="value"/> with <paramref name="etag"/>; returns the grain state after the write.</summary>
    protected async Task<GrainState<ConformanceState>> WriteAsync(ConformanceState value, string? etag, string stateName = StateName, GrainId? grain = null)
    {
        var state = new GrainState<ConformanceState>(value, etag);
        await Store.WriteStateAsync(stateName, grain ?? Grain, state, Ct);
        return state;
    }

    private static void AssertSameState(ConformanceState expected, ConformanceState? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.Name, actual.Name);
        Assert.Equal(expected.Count, actual.Count);
        Assert.Equal(expected.Items, actual.Items);
    }

    private static void AssertDefault(ConformanceState? state)
    {
        Assert.NotNull(state);
        Assert.Equal("", state.Name);
        Assert.Equal(0, state.Count);
        Assert.Empty(state.Items);
    }

    [Fact]
    public async Task Read_of_a_missing_state_is_a_default_state_without_record_or_etag()
    {
        var state = await ReadAsync();

        AssertDefault(state.State);
        Assert.False(state.RecordExists);
        Assert.Null(state.ETag);
    }

    [Fact]
    public async Task Read_replaces_what_the_grain_state_held()
    {
        var state = new GrainState<ConformanceState>(Sample("stale"), "stale-etag") { RecordExists = true };

        await Store.ReadStateAsync(StateName, Grain, state, Ct);

        AssertDefault(state.State);
        Assert.False(state.RecordExists);
        Assert.Null(state.ETag);
    }

    [Fact]
    public async Task First_write_sets_an_etag_and_the_state_reads_back()
    {
        var written = await WriteAsync(Sample("first", 3), null);

        Assert.NotNull(written.ETag);
        Assert.True(written.RecordExists);
        var read = await ReadAsync();
        AssertSameState(Sample("first", 3), read.State);
        Assert.True(read.RecordExists);
        Assert.Equal(written.ETag, read.ETag);
    }

    [Fact]
    public async Task Each_write_with_the_current_etag_succeeds_and_changes_the_etag()
    {
        var state = await WriteAsync(Sample("v1"), null);
        var etags = new List<string?> { state.ETag };
        for (var i = 2; i <= 4; i++)
        {
            state.State = Sample($"v{i}", i);
            await Store.WriteStateAsync(StateName, Grain, state, Ct);
            etags.Add(state.ETag);
        }

        Assert.Equal(4, etags.Distinct().Count());
        var read = await ReadAsync();
        AssertSameState(Sample("v4", 4), read.State);
        Assert.Equal(etags[^1], read.ETag);
    }

    [Fact]
    public async Task Write_with_a_stale_etag_throws_changes_nothing_and_keeps_the_grains_etag()
    {
        var first = await WriteAsync(Sample("a"), null);
        var staleEtag = first.ETag;
        first.State = Sample("b");
        await Store.WriteStateAsync(StateName, Grain, first, Ct);
        var stale = new GrainState<ConformanceState>(Sample("stale"), staleEtag);

        await Assert.ThrowsAsync<InconsistentStateException>(() => Store.WriteStateAsync(StateName, Grain, stale, Ct));

        Assert.Equal(staleEtag, stale.ETag);
        var read = await ReadAsync();
        AssertSameState(Sample("b"), read.State);
        Assert.Equal(first.ETag, read.ETag);
    }

    [Fact]
    public async Task Write_without_an_etag_when_a_record_exists_throws()
    {
        var first = await WriteAsync(Sample("a"), null);

        await Assert.ThrowsAsync<InconsistentStateException>(() => WriteAsync(Sample("again"), null));

        var read = await ReadAsync();
        AssertSameState(Sample("a"), read.State);
        Assert.Equal(first.ETag, read.ETag);
    }

    [Fact]
    public async Task Write_with_an_etag_when_no_record_exists_throws()
    {
        // A real ETag, of another record: this state has none.
        var other = await WriteAsync(Sample("other"), null, grain: GrainId.Create("license", "acme/other"));

        await Assert.ThrowsAsync<InconsistentStateException>(() => WriteAsync(Sample("x"), other.ETag));

        Assert.False((await ReadAsync()).RecordExists);
    }

    [Fact]
    public async Task Write_with_an_etag_of_another_version_of_the_record_throws()
    {
        var other = GrainId.Create("license", "acme/other");
        var otherState = await WriteAsync(Sample("o1"), null, grain: other);
        for (var i = 2; i <= 3; i++)
        {
            otherState.State = Sample($"o{i}");
            await Store.WriteStateAsync(StateName, other, otherState, Ct);
        }

        var mine = await WriteAsync(Sample("a"), null);

        await Assert.ThrowsAsync<InconsistentStateException>(() => WriteAsync(Sample("x"), otherState.ETag));

        Assert.Equal(mine.ETag, (await ReadAsync()).ETag);
    }

    [Fact]
    public async Task Clear_with_the_current_etag_leaves_a_default_state_without_record()
    {
        var state = await WriteAsync(Sample("a"), null);
        state.State = Sample("b");
        await Store.WriteStateAsync(StateName, Grain, state, Ct);

        await Store.ClearStateAsync(StateName, Grain, state, Ct);

        AssertDefault(state.State);
        Assert.False(state.RecordExists);
        AssertDefault((await ReadAsync()).State);
    }

    [Fact]
    public async Task After_a_clear_the_grain_writes_again_with_the_etag_the_clear_left()
    {
        var state = await WriteAsync(Sample("a"), null);
        await Store.ClearStateAsync(StateName, Grain, state, Ct);

        state.State = Sample("again", 7);
        await Store.WriteStateAsync(StateName, Grain, state, Ct);

        Assert.True(state.RecordExists);
        var read = await ReadAsync();
        AssertSameState(Sample("again", 7), read.State);
        Assert.True(read.RecordExists);
        Assert.Equal(state.ETag, read.ETag);
    }

    [Fact]
    public async Task After_a_clear_a_new_activation_writes_with_the_etag_it_read()
    {
        var state = await WriteAsync(Sample("a"), null);
        await Store.ClearStateAsync(StateName, Grain, state, Ct);

        var fresh = await ReadAsync();
        fresh.State = Sample("fresh");
        await Store.WriteStateAsync(StateName, Grain, fresh, Ct);

        AssertSameState(Sample("fresh"), (await ReadAsync()).State);
    }

    [Fact]
    public async Task After_a_clear_the_etag_from_before_it_is_refused()
    {
        var state = await WriteAsync(Sample("a"), null);
        var before = state.ETag;
        await Store.ClearStateAsync(StateName, Grain, state, Ct);

        await Assert.ThrowsAsync<InconsistentStateException>(() => WriteAsync(Sample("late"), before));

        AssertDefault((await ReadAsync()).State);
    }

    [Fact]
    public async Task Clear_with_a_stale_etag_throws_and_keeps_the_record()
    {
        var state = await WriteAsync(Sample("a"), null);
        var stale = new GrainState<ConformanceState>(new ConformanceState(), state.ETag);
        state.State = Sample("b");
        await Store.WriteStateAsync(StateName, Grain, state, Ct);

        await Assert.ThrowsAsync<InconsistentStateException>(() => Store.ClearStateAsync(StateName, Grain, stale, Ct));

        var read = await ReadAsync();
        AssertSameState(Sample("b"), read.State);
        Assert.Equal(state.ETag, read.ETag);
    }

    [Fact]
    public async Task Clear_of_a_state_never_written_leaves_no_record_and_the_first_write_follows()
    {
        var state = new GrainState<ConformanceState>();

        await Store.ClearStateAsync(StateName, Grain, state, Ct);

        Assert.False(state.RecordExists);
        Assert.False((await ReadAsync()).RecordExists);
        await WriteAsync(Sample("first"), (await ReadAsync()).ETag);
        AssertSameState(Sample("first"), (await ReadAsync()).State);
    }

    [Fact]
    public async Task States_are_keyed_by_state_name_and_grain_id()
    {
        var other = GrainId.Create("license", "acme/basic");
        var mine = await WriteAsync(Sample("mine"), null);
        await WriteAsync(Sample("audit"), null, stateName: "audit");
        await WriteAsync(Sample("other"), null, grain: other);
        mine.State = Sample("mine2", 2);
        await Store.WriteStateAsync(StateName, Grain, mine, Ct);
        await Store.ClearStateAsync(StateName, Grain, mine, Ct);

        AssertDefault((await ReadAsync()).State);
        AssertSameState(Sample("audit"), (await ReadAsync("audit")).State);
        AssertSameState(Sample("other"), (await ReadAsync(grain: other)).State);
        Assert.False((await ReadAsync("unused")).RecordExists);
    }

    [Fact]
    public async Task Large_and_non_ascii_states_round_trip_exactly()
    {
        var large = new ConformanceState
        {
            Name = "Zoë — ライセンス 🔑 \"quoted\" \\ back",
            Count = int.MaxValue,
            Items = [.. Enumerable.Range(0, 20_000).Select(i => $"session-{i:D6}")],
        };

        await WriteAsync(large, null);

        AssertSameState(large, (await ReadAsync()).State);
    }

    [Fact]
    public async Task Concurrent_writers_with_the_same_etag_exactly_one_wins()
    {
        var baseline = await WriteAsync(Sample("base"), null);
        const int writers = 16;

        var outcomes = await RaceAsync<InconsistentStateException>(writers, i => WriteAsync(Sample($"w{i}", i), baseline.ETag));

        Assert.Single(outcomes, won => won);
        var winner = Array.IndexOf(outcomes, true);
        AssertSameState(Sample($"w{winner}", winner), (await ReadAsync()).State);
    }

    [Fact]
    public async Task Concurrent_first_writers_exactly_one_wins()
    {
        const int writers = 16;

        var outcomes = await RaceAsync<InconsistentStateException>(writers, i => WriteAsync(Sample($"w{i}", i), null));

        Assert.Single(outcomes, won => won);
        var winner = Array.IndexOf(outcomes, true);
        AssertSameState(Sample($"w{winner}", winner), (await ReadAsync()).State);
    }

    [Fact]
    public async Task Concurrent_writes_of_many_grains_all_succeed()
    {
        const int grains = 64;

        var states = await RaceAsync(grains, i => WriteAsync(Sample($"g{i}", i), null, grain: GrainId.Create("session", $"s{i}")));

        Assert.All(states, s => Assert.True(s.RecordExists));
        for (var i = 0; i < grains; i++)
        {
            var read = await ReadAsync(grain: GrainId.Create("session", $"s{i}"));
            AssertSameState(Sample($"g{i}", i), read.State);
            Assert.Equal(states[i].ETag, read.ETag);
        }
    }
}
