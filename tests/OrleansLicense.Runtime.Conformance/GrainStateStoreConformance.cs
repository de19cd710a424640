using OrleansLicense.Runtime.Grains;
using OrleansLicense.Runtime.Storage;

namespace OrleansLicense.Runtime.Conformance;

/// <summary>The contract of <see cref="IGrainStateStore"/>: versioned documents, every write a compare-and-swap.</summary>
public abstract class GrainStateStoreConformance : ConformanceBase<IGrainStateStore>
{
    private const string State = "seats";
    private static readonly GrainId Grain = new("license", "acme/pro");

    [Fact]
    public async Task Read_of_a_missing_document_is_null()
    {
        Assert.Null(await Store.ReadAsync(State, Grain, Ct));
    }

    [Fact]
    public async Task First_write_makes_version_1_and_reads_back()
    {
        var version = await Store.WriteAsync(State, Grain, """{"used":1}""", 0, Ct);

        Assert.Equal(1, version);
        Assert.Equal(new StoredState("""{"used":1}""", 1), await Store.ReadAsync(State, Grain, Ct));
    }

    [Fact]
    public async Task Each_write_returns_expected_plus_one()
    {
        await Store.WriteAsync(State, Grain, "1", 0, Ct);
        Assert.Equal(2, await Store.WriteAsync(State, Grain, "2", 1, Ct));
        Assert.Equal(3, await Store.WriteAsync(State, Grain, "3", 2, Ct));

        Assert.Equal(new StoredState("3", 3), await Store.ReadAsync(State, Grain, Ct));
    }

    [Fact]
    public async Task Write_on_a_stale_version_throws_and_changes_nothing()
    {
        await Store.WriteAsync(State, Grain, "a", 0, Ct);
        await Store.WriteAsync(State, Grain, "b", 1, Ct);

        var ex = await Assert.ThrowsAsync<InconsistentStateException>(() => Store.WriteAsync(State, Grain, "stale", 1, Ct));

        Assert.Equal(1, ex.ExpectedVersion);
        Assert.Equal(2, ex.StoredVersion);
        Assert.Equal(new StoredState("b", 2), await Store.ReadAsync(State, Grain, Ct));
    }

    [Fact]
    public async Task Write_expecting_no_document_when_one_exists_throws()
    {
        await Store.WriteAsync(State, Grain, "a", 0, Ct);

        var ex = await Assert.ThrowsAsync<InconsistentStateException>(() => Store.WriteAsync(State, Grain, "again", 0, Ct));

        Assert.Equal(0, ex.ExpectedVersion);
        Assert.Equal(1, ex.StoredVersion);
        Assert.Equal(new StoredState("a", 1), await Store.ReadAsync(State, Grain, Ct));
    }

    [Fact]
    public async Task Write_expecting_a_version_of_a_missing_document_throws_with_no_stored_version()
    {
        var ex = await Assert.ThrowsAsync<InconsistentStateException>(() => Store.WriteAsync(State, Grain, "x", 3, Ct));

        Assert.Equal(3, ex.ExpectedVersion);
        Assert.Null(ex.StoredVersion);
        Assert.Null(await Store.ReadAsync(State, Grain, Ct));
    }

    [Fact]
    public async Task Write_ahead_of_the_stored_version_throws()
    {
        await Store.WriteAsync(State, Grain, "a", 0, Ct);

        var ex = await Assert.ThrowsAsync<InconsistentStateException>(() => Store.WriteAsync(State, Grain, "x", 5, Ct));

        Assert.Equal(1, ex.StoredVersion);
        Assert.Equal(new StoredState("a", 1), await Store.ReadAsync(State, Grain, Ct));
    }

    [Fact]
    public async Task Clear_with_the_stored_version_deletes_and_the_next_write_starts_at_1()
    {
        await Store.WriteAsync(State, Grain, "a", 0, Ct);
        await Store.WriteAsync(State, Grain, "b", 1, Ct);

        await Store.ClearAsync(State, Grain, 2, Ct);

        Assert.Null(await Store.ReadAsync(State, Grain, Ct));
        Assert.Equal(1, await Store.WriteAsync(State, Grain, "c", 0, Ct));
    }

    [Fact]
    public async Task Clear_on_a_stale_version_throws_and_keeps_the_document()
    {
        await Store.WriteAsync(State, Grain, "a", 0, Ct);
        await Store.WriteAsync(State, Grain, "b", 1, Ct);

        var ex = await Assert.ThrowsAsync<InconsistentStateException>(() => Store.ClearAsync(State, Grain, 1, Ct));

        Assert.Equal(1, ex.ExpectedVersion);
        Assert.Equal(2, ex.StoredVersion);
        Assert.Equal(new StoredState("b", 2), await Store.ReadAsync(State, Grain, Ct));
    }

    [Fact]
    public async Task Clear_expecting_0_when_a_document_exists_throws()
    {
        await Store.WriteAsync(State, Grain, "a", 0, Ct);

        var ex = await Assert.ThrowsAsync<InconsistentStateException>(() => Store.ClearAsync(State, Grain, 0, Ct));

        Assert.Equal(1, ex.StoredVersion);
        Assert.NotNull(await Store.ReadAsync(State, Grain, Ct));
    }

    [Fact]
    public async Task Clear_of_a_missing_document_expecting_0_is_a_no_op()
    {
        await Store.ClearAsync(State, Grain, 0, Ct);

        Assert.Null(await Store.ReadAsync(State, Grain, Ct));
    }

    [Fact]
    public async Task Clear_of_a_missing_document_expecting_a_version_throws()
    {
        var ex = await Assert.ThrowsAsync<InconsistentStateException>(() => Store.ClearAsync(State, Grain, 4, Ct));

        Assert.Equal(4, ex.ExpectedVersion);
        Assert.Null(ex.StoredVersion);
    }

    [Fact]
    public async Task Documents_are_keyed_by_state_name_and_grain()
    {
        var other = new GrainId("license", "acme/basic");
        var otherType = new GrainId("pool", "acme/pro");
        await Store.WriteAsync(State, Grain, "mine", 0, Ct);
        await Store.WriteAsync("audit", Grain, "audit", 0, Ct);
        await Store.WriteAsync(State, other, "other", 0, Ct);
        await Store.WriteAsync(State, otherType, "type", 0, Ct);
        await Store.WriteAsync(State, Grain, "mine2", 1, Ct);

        Assert.Equal(new StoredState("mine2", 2), await Store.ReadAsync(State, Grain, Ct));
        Assert.Equal(new StoredState("audit", 1), await Store.ReadAsync("audit", Grain, Ct));
        Assert.Equal(new StoredState("other", 1), await Store.ReadAsync(State, other, Ct));
        Assert.Equal(new StoredState("type", 1), await Store.ReadAsync(State, otherType, Ct));
    }

    [Fact]
    public async Task Large_and_non_ascii_documents_round_trip_exactly()
    {
        var json = "{\"name\":\"Zoë — ライセンス 🔑\",\"seats\":[" + string.Join(',', Enumerable.Range(0, 20_000)) + "]}";

        await Store.WriteAsync(State, Grain, json, 0, Ct);

        Assert.Equal(json, (await Store.ReadAsync(State, Grain, Ct))!.Json);
    }

    [Fact]
    public async Task Concurrent_writers_on_one_version_exactly_one_wins()
    {
        await Store.WriteAsync(State, Grain, "base", 0, Ct);
        const int writers = 16;

        var outcomes = await RaceAsync<InconsistentStateException>(writers, i => Store.WriteAsync(State, Grain, $"w{i}", 1, Ct));

        Assert.Single(outcomes, won => won);
        var winner = Array.IndexOf(outcomes, true);
        Assert.Equal(new StoredState($"w{winner}", 2), await Store.ReadAsync(State, Grain, Ct));
    }

    [Fact]
    public async Task Concurrent_first_writers_exactly_one_wins()
    {
        const int writers = 16;

        var outcomes = await RaceAsync<InconsistentStateException>(writers, i => Store.WriteAsync(State, Grain, $"w{i}", 0, Ct));

        Assert.Single(outcomes, won => won);
        Assert.Equal(new StoredState($"w{Array.IndexOf(outcomes, true)}", 1), await Store.ReadAsync(State, Grain, Ct));
    }
}
