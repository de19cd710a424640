using System.Text.Json;
using Orleans;
using Orleans.Runtime;
using Orleans.Storage;
using OrleansLicense.Storage.Conformance;

namespace OrleansLicense.Storage.Postgres.Tests;

/// <summary>What our schema adds to Orleans' ADO.NET grain storage beyond the shared contract.</summary>
public sealed class AdoNetGrainStorageTests(PostgresFixture postgres) : MigratedGrainStorage(postgres)
{
    [Fact]
    public async Task State_is_stored_as_plain_json_without_type_names()
    {
        var state = new GrainState<ConformanceState>(new ConformanceState { Name = "acme", Count = 3, Items = ["a"] });

        await Storage.WriteStateAsync("license", GrainId.Create("license", "acme/pro"), state, Ct);

        var json = Assert.Single(await Sql.ColumnAsync(ConnectionString, "SELECT convert_from(payloadbinary, 'UTF8') FROM orleansstorage;", Ct))!;
        Assert.DoesNotContain("$type", json, StringComparison.Ordinal);
        Assert.DoesNotContain("ConformanceState", json, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(json);
        Assert.Equal("acme", document.RootElement.GetProperty("Name").GetString());
        Assert.Equal(3, document.RootElement.GetProperty("Count").GetInt32());
    }

    [Fact]
    public async Task The_row_holds_the_state_name_the_key_and_the_version_as_etag()
    {
        var state = new GrainState<ConformanceState>(new ConformanceState());
        await Storage.WriteStateAsync("license", GrainId.Create("license", "acme/pro"), state, Ct);
        await Storage.WriteStateAsync("license", GrainId.Create("license", "acme/pro"), state, Ct);

        var row = Assert.Single(await Sql.RowsAsync(ConnectionString, "SELECT graintypestring, grainidextensionstring, serviceid, version FROM orleansstorage;", Ct));

        Assert.Equal($"license|acme/pro|{UnstartedSilo.ServiceId}|2", string.Join('|', row));
        Assert.Equal("2", state.ETag);
    }

    [Fact]
    public async Task Integer_keyed_grains_without_extension_race_to_one_row()
    {
        // n0/n1 carry the key and the extension column is NULL: the unique key treats NULLs as equal.
        var grain = GrainId.Create(GrainType.Create("counter"), GrainIdKeyExtensions.CreateIntegerKey(42));
        var writers = Enumerable.Range(0, 12).Select(i => Task.Run(async () =>
        {
            try
            {
                await Storage.WriteStateAsync("count", grain, new GrainState<ConformanceState>(new ConformanceState { Count = i }), Ct);
                return true;
            }
            catch (InconsistentStateException)
            {
                return false;
            }
        }, Ct)).ToArray();

        Assert.Single(await Task.WhenAll(writers), won => won);
        var row = Assert.Single(await Sql.RowsAsync(ConnectionString, "SELECT grainidn1, grainidextensionstring FROM orleansstorage;", Ct));
        Assert.Equal("42", row[0]);
        Assert.Null(row[1]);
    }

    [Fact]
    public async Task The_version_wraps_from_int32_max_to_1()
    {
        var grain = GrainId.Create("license", "acme/pro");
        var state = new GrainState<ConformanceState>(new ConformanceState { Name = "a" });
        await Storage.WriteStateAsync("license", grain, state, Ct);
        await Sql.ExecuteAsync(ConnectionString, "UPDATE orleansstorage SET version = 2147483647;", Ct);
        state.ETag = "2147483647";

        state.State = new ConformanceState { Name = "b" };
        await Storage.WriteStateAsync("license", grain, state, Ct);

        Assert.Equal("1", state.ETag);
        var read = new GrainState<ConformanceState>();
        await Storage.ReadStateAsync("license", grain, read, Ct);
        Assert.Equal("b", read.State!.Name);
        Assert.Equal("1", read.ETag);
    }

    [Fact]
    public async Task A_clear_deletes_the_row_which_reads_as_never_written_and_the_grain_can_write_again()
    {
        // The silo clears with DeleteStateOnClear (as SQLite's storage does): a refused login or a returned borrow
        // leaves no row behind.
        var grain = GrainId.Create("license", "acme/pro");
        var state = new GrainState<ConformanceState>(new ConformanceState { Name = "a" });
        await Storage.WriteStateAsync("license", grain, state, Ct);

        await Storage.ClearStateAsync("license", grain, state, Ct);

        Assert.Empty(await Sql.RowsAsync(ConnectionString, "SELECT version FROM orleansstorage;", Ct));
        var read = new GrainState<ConformanceState>();
        await Storage.ReadStateAsync("license", grain, read, Ct);
        Assert.False(read.RecordExists);
        Assert.Null(read.ETag);
        state.State = new ConformanceState { Name = "b" };
        await Storage.WriteStateAsync("license", grain, state, Ct);
        await Storage.ReadStateAsync("license", grain, read, Ct);
        Assert.Equal("b", read.State?.Name);
    }

    [Fact]
    public async Task A_clear_by_a_state_never_read_reads_the_record_first_and_deletes_it()
    {
        // Orleans' ClearStateAsync, handed neither ETag nor record, reads first and clears with the ETag
        // it read; a grain never gets there, since it read its state when it activated.
        var grain = GrainId.Create("license", "acme/pro");
        await Storage.WriteStateAsync("license", grain, new GrainState<ConformanceState>(new ConformanceState { Name = "a" }), Ct);
        var fresh = new GrainState<ConformanceState>();

        await Storage.ClearStateAsync("license", grain, fresh, Ct);

        Assert.False(fresh.RecordExists);
        Assert.Empty(await Sql.RowsAsync(ConnectionString, "SELECT version FROM orleansstorage;", Ct));
    }

    [Fact]
    public async Task A_refused_write_carries_no_etags_in_its_exception()
    {
        var grain = GrainId.Create("license", "acme/pro");
        await Storage.WriteStateAsync("license", grain, new GrainState<ConformanceState>(new ConformanceState()), Ct);

        var ex = await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync("license", grain, new GrainState<ConformanceState>(new ConformanceState()), Ct));

        Assert.Null(ex.StoredEtag);
        Assert.Null(ex.CurrentEtag);
    }

    [Fact]
    public async Task String_keyed_grains_of_two_types_with_one_key_and_state_name_share_one_row()
    {
        // Orleans' ADO.NET storage keys a string-keyed grain by its key alone, not its type: grains that
        // share a state name must not share keys (the license grains' state names differ per grain type).
        var state = new GrainState<ConformanceState>(new ConformanceState { Name = "license's" });
        await Storage.WriteStateAsync("state", GrainId.Create("license", "acme"), state, Ct);

        var other = new GrainState<ConformanceState>();
        await Storage.ReadStateAsync("state", GrainId.Create("session", "acme"), other, Ct);

        Assert.Equal("license's", other.State!.Name);
    }
}
