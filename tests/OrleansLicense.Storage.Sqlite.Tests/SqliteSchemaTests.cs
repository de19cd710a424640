using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Runtime;
using Orleans.Storage;
using OrleansLicense.Storage.Conformance;
using OrleansLicense.Storage.Sqlite.Database;

namespace OrleansLicense.Storage.Sqlite.Tests;

public sealed class SqliteSchemaTests : IAsyncLifetime
{
    private readonly SqliteTestDatabase _database = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _database.DisposeAsync();

    private async Task<List<string>> ColumnAsync(string sql) =>
        [.. (await SqliteTestFiles.QueryAsync(_database.Path, sql)).Select(r => Convert.ToString(r[0], System.Globalization.CultureInfo.InvariantCulture)!)];

    [Fact]
    public async Task First_use_creates_every_table_and_records_version_2()
    {
        await _database.Get<SqliteDatabase>().EnsureReadyAsync(Ct);

        Assert.Equal(["event_log", "grain_state", "reminder", "schema_version", "snapshot"], await ColumnAsync("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name;"));
        Assert.Equal(["2"], await ColumnAsync("SELECT version FROM schema_version;"));
    }

    [Fact]
    public async Task Every_table_has_its_primary_key()
    {
        await _database.Get<SqliteDatabase>().EnsureReadyAsync(Ct);

        async Task<List<string>> KeyAsync(string table) => await ColumnAsync($"SELECT name FROM pragma_table_info('{table}') WHERE pk > 0 ORDER BY pk;");
        Assert.Equal(["state_name", "grain_id"], await KeyAsync("grain_state"));
        Assert.Equal(["log_name", "grain_id", "seq"], await KeyAsync("event_log"));
        Assert.Equal(["log_name", "grain_id"], await KeyAsync("snapshot"));
        Assert.Equal(["grain_id", "name"], await KeyAsync("reminder"));
        Assert.Equal(["version"], await KeyAsync("schema_version"));
        Assert.Contains("ix_reminder_grain_hash", await ColumnAsync("SELECT name FROM pragma_index_list('reminder');"));
    }

    [Fact]
    public async Task Reopening_the_file_checks_the_schema_and_keeps_the_data()
    {
        var grain = GrainId.Create("t", "k");
        await _database.GrainStorage().WriteStateAsync("s", grain, new GrainState<ConformanceState>(new ConformanceState { Name = "kept" }), Ct);

        var state = new GrainState<ConformanceState>();
        await _database.GrainStorage().ReadStateAsync("s", grain, state, Ct);

        Assert.Equal("kept", state.State!.Name);
        Assert.Single(await ColumnAsync("SELECT version FROM schema_version;"));
    }

    [Fact]
    public async Task Concurrent_first_uses_create_the_schema_once()
    {
        var storage = _database.GrainStorage();

        await Task.WhenAll(Enumerable.Range(0, 8).Select(i => storage.ReadStateAsync("s", GrainId.Create("t", $"{i}"), new GrainState<ConformanceState>(), Ct)));

        Assert.Single(await ColumnAsync("SELECT version FROM schema_version;"));
    }

    [Fact]
    public async Task A_file_of_the_runtime_before_orleans_is_refused_with_what_to_do()
    {
        await SqliteTestFiles.ExecuteAsync(_database.Path, """
            CREATE TABLE schema_version (version INTEGER NOT NULL PRIMARY KEY, applied_at INTEGER NOT NULL) STRICT;
            INSERT INTO schema_version VALUES (1, 0);
            CREATE TABLE membership (cluster_id TEXT NOT NULL PRIMARY KEY) STRICT;
            """);

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => _database.Get<SqliteDatabase>().EnsureReadyAsync(Ct));

        Assert.Equal(
            $"The SQLite file {_database.Path} holds schema version 1, written by OrleansLicense before it moved to Microsoft Orleans; this build reads only schema version 2 and does not migrate it. To start, move the file (with its -wal and -shm files) aside to start with an empty store, or point the storage at another path.",
            ex.Message);
        Assert.Equal(["membership", "schema_version"], await ColumnAsync("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name;"));
    }

    [Fact]
    public async Task A_file_of_a_newer_schema_is_refused_and_left_alone()
    {
        await _database.Get<SqliteDatabase>().EnsureReadyAsync(Ct);
        await SqliteTestFiles.ExecuteAsync(_database.Path, "INSERT INTO schema_version VALUES (3, 0);");

        var storage = _database.GrainStorage();
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => storage.ReadStateAsync("s", GrainId.Create("t", "k"), new GrainState<ConformanceState>(), Ct));

        Assert.Contains("holds schema version 3, newer than this build's version 2", ex.Message, StringComparison.Ordinal);
        Assert.Equal(["2", "3"], await ColumnAsync("SELECT version FROM schema_version ORDER BY version;"));
    }

    [Fact]
    public async Task A_file_of_something_else_is_refused()
    {
        await SqliteTestFiles.ExecuteAsync(_database.Path, "CREATE TABLE OrleansStorage (x INTEGER);");

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => _database.Get<SqliteDatabase>().EnsureReadyAsync(Ct));

        Assert.Contains("holds tables (OrleansStorage) but no OrleansLicense schema version", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_missing_a_table_is_refused()
    {
        await _database.Get<SqliteDatabase>().EnsureReadyAsync(Ct);
        await SqliteTestFiles.ExecuteAsync(_database.Path, "DROP TABLE reminder;");

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => _database.Get<SqliteDatabase>().EnsureReadyAsync(Ct));

        Assert.Contains("lacks the table(s) reminder", ex.Message, StringComparison.Ordinal);
    }
}
