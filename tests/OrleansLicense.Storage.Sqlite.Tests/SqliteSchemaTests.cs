using System.Globalization;
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

    // The tables version 2 created, with its version recorded.
    private const string Version2Layout = """
            CREATE TABLE grain_state (state_name TEXT NOT NULL, grain_id TEXT NOT NULL, version INTEGER NOT NULL, json TEXT NOT NULL, PRIMARY KEY (state_name, grain_id)) STRICT;
            CREATE TABLE event_log (log_name TEXT NOT NULL, grain_id TEXT NOT NULL, seq INTEGER NOT NULL, json TEXT NOT NULL, recorded_at INTEGER NOT NULL, PRIMARY KEY (log_name, grain_id, seq)) STRICT;
            CREATE TABLE snapshot (log_name TEXT NOT NULL, grain_id TEXT NOT NULL, version INTEGER NOT NULL, json TEXT NOT NULL, PRIMARY KEY (log_name, grain_id)) STRICT;
            CREATE TABLE reminder (grain_id TEXT NOT NULL, name TEXT NOT NULL, start_at INTEGER NOT NULL, period_ms INTEGER NOT NULL, grain_hash INTEGER NOT NULL CHECK (grain_hash BETWEEN 0 AND 4294967295), version INTEGER NOT NULL, PRIMARY KEY (grain_id, name)) STRICT, WITHOUT ROWID;
            CREATE INDEX ix_reminder_grain_hash ON reminder (grain_hash);
            CREATE TABLE schema_version (version INTEGER NOT NULL PRIMARY KEY, applied_at INTEGER NOT NULL) STRICT;
            INSERT INTO schema_version VALUES (2, 0);
        """;

    private async Task<List<string>> ColumnAsync(string sql) =>
        [.. (await SqliteTestFiles.QueryAsync(_database.Path, sql)).Select(r => Convert.ToString(r[0], System.Globalization.CultureInfo.InvariantCulture)!)];

    [Fact]
    public async Task First_use_creates_every_table_and_records_version_3()
    {
        await _database.Get<SqliteDatabase>().EnsureReadyAsync(Ct);

        Assert.Equal(["event_log", "grain_state", "reminder", "schema_version", "snapshot"], await ColumnAsync("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name;"));
        Assert.Equal(["3"], await ColumnAsync("SELECT version FROM schema_version;"));
    }

    [Fact]
    public async Task Issue12_grain_state_has_a_nullable_forget_after_with_a_partial_index()
    {
        await _database.Get<SqliteDatabase>().EnsureReadyAsync(Ct);

        var column = Assert.Single(await SqliteTestFiles.QueryAsync(_database.Path, "SELECT type, \"notnull\" FROM pragma_table_info('grain_state') WHERE name = 'forget_after';"));
        Assert.Equal("INTEGER", column[0]);
        Assert.Equal(0L, column[1]);
        Assert.Equal(["1"], await ColumnAsync("SELECT partial FROM pragma_index_list('grain_state') WHERE name = 'ix_grain_state_forget_after';"));
    }

    [Fact]
    public async Task Issue12_a_version_2_file_is_upgraded_in_place_with_its_rows_intact()
    {
        // The layout version 2 created, with a row of each table.
        await SqliteTestFiles.ExecuteAsync(_database.Path, Version2Layout + """
            INSERT INTO grain_state VALUES ('s', 't/k', 7, '{"name":"kept","count":3}');
            INSERT INTO event_log VALUES ('log', 'g', 1, '{}', 5);
            INSERT INTO snapshot VALUES ('log', 'g', 1, '{}');
            INSERT INTO reminder VALUES ('g', 'r', 1, 2, 3, 4);
            """);

        var storage = _database.GrainStorage();
        var state = new GrainState<ConformanceState>();
        await storage.ReadStateAsync("s", GrainId.Create("t", "k"), state, Ct);

        Assert.Equal("kept", state.State!.Name);
        Assert.Equal(3, state.State.Count);
        Assert.Equal("7", state.ETag);
        Assert.Equal(["2", "3"], await ColumnAsync("SELECT version FROM schema_version ORDER BY version;"));
        Assert.Equal(["s|t/k|7|"], await ColumnAsync("SELECT state_name || '|' || grain_id || '|' || version || '|' || COALESCE(forget_after, '') FROM grain_state;"));
        Assert.Equal(["1"], await ColumnAsync("SELECT count(*) FROM event_log;"));
        Assert.Equal(["1"], await ColumnAsync("SELECT count(*) FROM snapshot;"));
        Assert.Equal(["1"], await ColumnAsync("SELECT count(*) FROM reminder;"));
        Assert.Contains("ix_grain_state_forget_after", await ColumnAsync("SELECT name FROM pragma_index_list('grain_state');"));

        // The upgraded row is written as any other, forget_after included.
        state.State.Name = "written";
        await storage.WriteStateAsync("s", GrainId.Create("t", "k"), state, Ct);
        Assert.Equal("8", state.ETag);

        // Opening it again finds version 3 and changes nothing.
        await _database.DisposeProvidersAsync();
        await _database.Get<SqliteDatabase>().EnsureReadyAsync(Ct);
        Assert.Equal(["2", "3"], await ColumnAsync("SELECT version FROM schema_version ORDER BY version;"));
    }

    [Fact]
    public async Task Issue12_sessions_that_ended_before_the_upgrade_get_one_retention_from_it_and_live_ones_none()
    {
        // Session rows as version 2 stored them (the JSON of a b40da20 silo: camelCase, status as a number).
        await SqliteTestFiles.ExecuteAsync(_database.Path, Version2Layout + """
            INSERT INTO grain_state VALUES ('session', 'session/live', 1, '{"status":1,"product":"acme-cad","features":[{"name":"draw","count":1}],"endedHolding":[]}');
            INSERT INTO grain_state VALUES ('session', 'session/out', 2, '{"status":2,"product":"acme-cad","features":[],"endedHolding":["draw"]}');
            INSERT INTO grain_state VALUES ('session', 'session/kicked', 2, '{"status":3,"product":"acme-cad","features":[],"endedHolding":["draw"]}');
            INSERT INTO grain_state VALUES ('peaks', 'peak/x', 1, '{"status":2}');
            """);
        var before = DateTimeOffset.UtcNow;

        await _database.Get<SqliteDatabase>().EnsureReadyAsync(Ct);

        var after = DateTimeOffset.UtcNow;
        var rows = (await ColumnAsync("SELECT grain_id || '|' || COALESCE(forget_after, '') FROM grain_state ORDER BY grain_id;"))
            .Select(r => r.Split('|'))
            .ToDictionary(r => r[0], r => r[1]);
        Assert.Equal("", rows["peak/x"]);
        Assert.Equal("", rows["session/live"]);
        foreach (var ended in new[] { "session/kicked", "session/out" })
        {
            var at = DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(rows[ended], CultureInfo.InvariantCulture));
            Assert.InRange(at, before + SqliteSchema.EndedBeforeUpgradeRetention - TimeSpan.FromSeconds(1), after + SqliteSchema.EndedBeforeUpgradeRetention + TimeSpan.FromSeconds(1));
        }
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
            $"The SQLite file {_database.Path} holds schema version 1, written by OrleansLicense before it moved to Microsoft Orleans; this build reads schema version 3 (and upgrades version 2) but does not migrate version 1. To start, move the file (with its -wal and -shm files) aside to start with an empty store, or point the storage at another path.",
            ex.Message);
        Assert.Equal(["membership", "schema_version"], await ColumnAsync("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name;"));
    }

    [Fact]
    public async Task A_file_of_a_newer_schema_is_refused_and_left_alone()
    {
        await _database.Get<SqliteDatabase>().EnsureReadyAsync(Ct);
        await SqliteTestFiles.ExecuteAsync(_database.Path, "INSERT INTO schema_version VALUES (4, 0);");

        var storage = _database.GrainStorage();
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => storage.ReadStateAsync("s", GrainId.Create("t", "k"), new GrainState<ConformanceState>(), Ct));

        Assert.Contains("holds schema version 4, newer than this build's version 3", ex.Message, StringComparison.Ordinal);
        Assert.Equal(["3", "4"], await ColumnAsync("SELECT version FROM schema_version ORDER BY version;"));
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
