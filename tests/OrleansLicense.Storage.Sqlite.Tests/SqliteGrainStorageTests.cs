using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Runtime;
using Orleans.Storage;
using OrleansLicense.Storage.Conformance;

namespace OrleansLicense.Storage.Sqlite.Tests;

/// <summary>What the SQLite grain storage promises beyond the shared conformance suite.</summary>
public sealed class SqliteGrainStorageTests : IAsyncLifetime
{
    private static readonly GrainId Grain = GrainId.Create("license", "acme/pro");

    private readonly SqliteTestDatabase _database = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _database.DisposeAsync();

    private static async Task<GrainState<ConformanceState>> WriteAsync(IGrainStorage storage, string name, string? etag, GrainId? grain = null)
    {
        var state = new GrainState<ConformanceState>(new ConformanceState { Name = name, Count = 1, Items = [name] }, etag);
        await storage.WriteStateAsync("seats", grain ?? Grain, state, Ct);
        return state;
    }

    private static async Task<GrainState<ConformanceState>> ReadAsync(IGrainStorage storage, GrainId? grain = null)
    {
        var state = new GrainState<ConformanceState>();
        await storage.ReadStateAsync("seats", grain ?? Grain, state, Ct);
        return state;
    }

    [Fact]
    public async Task ETags_are_the_row_versions_from_1()
    {
        var storage = _database.GrainStorage();

        var state = await WriteAsync(storage, "a", null);
        Assert.Equal("1", state.ETag);
        await storage.WriteStateAsync("seats", Grain, state, Ct);
        Assert.Equal("2", state.ETag);

        Assert.Equal("2", (await ReadAsync(storage)).ETag);
    }

    [Fact]
    public async Task A_stale_write_names_the_stored_and_the_grains_etag()
    {
        var storage = _database.GrainStorage();
        var state = await WriteAsync(storage, "a", null);
        await storage.WriteStateAsync("seats", Grain, state, Ct);

        var stale = await Assert.ThrowsAsync<InconsistentStateException>(() => WriteAsync(storage, "stale", "1"));
        var first = await Assert.ThrowsAsync<InconsistentStateException>(() => WriteAsync(storage, "again", null));
        var missing = await Assert.ThrowsAsync<InconsistentStateException>(() => WriteAsync(storage, "x", "3", GrainId.Create("license", "none")));

        Assert.Equal(("2", "1"), (stale.StoredEtag, stale.CurrentEtag));
        Assert.Equal(("2", null), (first.StoredEtag, first.CurrentEtag));
        Assert.Equal((null, "3"), (missing.StoredEtag, missing.CurrentEtag));
        Assert.Contains("license/acme/pro", stale.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_etag_this_storage_never_wrote_is_a_conflict()
    {
        var storage = _database.GrainStorage();
        await WriteAsync(storage, "a", null);

        var ex = await Assert.ThrowsAsync<InconsistentStateException>(() => WriteAsync(storage, "x", "W/\"etag\""));

        Assert.Equal("W/\"etag\"", ex.CurrentEtag);
        Assert.Equal("a", (await ReadAsync(storage)).State!.Name);
    }

    [Fact]
    public async Task Clear_deletes_the_row_and_leaves_the_grain_as_never_written()
    {
        var storage = _database.GrainStorage();
        var state = await WriteAsync(storage, "a", null);

        await storage.ClearStateAsync("seats", Grain, state, Ct);

        Assert.Null(state.ETag);
        Assert.False(state.RecordExists);
        var read = await ReadAsync(storage);
        Assert.Null(read.ETag);
        Assert.False(read.RecordExists);
        Assert.Empty(await SqliteTestFiles.QueryAsync(_database.Path, "SELECT * FROM grain_state;"));
        await WriteAsync(storage, "again", read.ETag);
        Assert.Equal("1", (await ReadAsync(storage)).ETag);
    }

    [Fact]
    public async Task Clear_of_a_state_never_written_is_a_no_op()
    {
        var storage = _database.GrainStorage();
        var state = new GrainState<ConformanceState>();

        await storage.ClearStateAsync("seats", Grain, state, Ct);

        Assert.Null(state.ETag);
        Assert.False(state.RecordExists);
    }

    [Fact]
    public async Task Clear_by_a_state_without_etag_while_a_record_exists_is_refused()
    {
        var storage = _database.GrainStorage();
        await WriteAsync(storage, "a", null);

        var ex = await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearStateAsync("seats", Grain, new GrainState<ConformanceState>(), Ct));

        Assert.Equal(("1", null), (ex.StoredEtag, ex.CurrentEtag));
        Assert.Equal("a", (await ReadAsync(storage)).State!.Name);
    }

    [Fact]
    public async Task A_stale_clear_names_the_stored_and_the_grains_etag()
    {
        var storage = _database.GrainStorage();
        var state = await WriteAsync(storage, "a", null);
        await storage.WriteStateAsync("seats", Grain, state, Ct);

        var ex = await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearStateAsync("seats", Grain, new GrainState<ConformanceState>(new(), "1"), Ct));

        Assert.Equal(("2", "1"), (ex.StoredEtag, ex.CurrentEtag));
    }

    [Fact]
    public async Task Grains_of_different_types_with_one_key_are_independent()
    {
        var storage = _database.GrainStorage();
        var pool = GrainId.Create("pool", "acme/pro");

        await WriteAsync(storage, "license", null);
        await WriteAsync(storage, "pool", null, pool);

        Assert.Equal("license", (await ReadAsync(storage)).State!.Name);
        Assert.Equal("pool", (await ReadAsync(storage, pool)).State!.Name);
    }

    [Fact]
    public async Task State_is_stored_as_plain_camel_case_json_without_type_names()
    {
        var storage = _database.GrainStorage();

        await WriteAsync(storage, "Zoë", null);

        var row = Assert.Single(await SqliteTestFiles.QueryAsync(_database.Path, "SELECT state_name, grain_id, version, json FROM grain_state;"));
        Assert.Equal(["seats", "license/acme/pro", 1L, """{"name":"Zoë","count":1,"items":["Zoë"]}"""], row);
    }

    [Fact]
    public async Task The_json_options_are_injectable()
    {
        var storage = _database.Open(services: s => s.Configure<SqliteStateJsonOptions>(o => o.JsonSerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseUpper))
            .GetRequiredKeyedService<IGrainStorage>(LicenseStorage.StateStorageName);

        await WriteAsync(storage, "a", null);

        var row = Assert.Single(await SqliteTestFiles.QueryAsync(_database.Path, "SELECT json FROM grain_state;"));
        Assert.Equal("""{"NAME":"a","COUNT":1,"ITEMS":["a"]}""", row[0]);
        Assert.Equal("a", (await ReadAsync(storage)).State!.Name);
    }

    [Fact]
    public async Task Reads_accept_properties_in_any_case_and_ignore_unknown_ones()
    {
        var storage = _database.GrainStorage();
        await WriteAsync(storage, "a", null);
        await SqliteTestFiles.ExecuteAsync(_database.Path, """UPDATE grain_state SET json = '{"Name":"renamed","COUNT":5,"removedField":true}';""");

        var read = await ReadAsync(storage);

        Assert.Equal(("renamed", 5), (read.State!.Name, read.State!.Count));
    }
}
