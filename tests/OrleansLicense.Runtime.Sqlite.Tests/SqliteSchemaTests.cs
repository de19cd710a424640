using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using OrleansLicense.Runtime.Grains;
using OrleansLicense.Runtime.Storage;

namespace OrleansLicense.Runtime.Sqlite.Tests;

public sealed class SqliteSchemaTests : IAsyncLifetime
{
    private readonly SqliteTestDatabase _database = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _database.DisposeAsync();

    private async Task<List<(string A, string B)>> QueryAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={_database.Path};Pooling=False");
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync(Ct);
        var rows = new List<(string, string)>();
        while (await reader.ReadAsync(Ct))
        {
            rows.Add((Convert.ToString(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture)!, reader.FieldCount > 1 ? Convert.ToString(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture)! : ""));
        }

        return rows;
    }

    private async Task AssertPrimaryKeyAsync(string table, params string[] expected)
    {
        var columns = await QueryAsync($"SELECT name, pk FROM pragma_table_info('{table}') WHERE pk > 0 ORDER BY pk;");
        Assert.Equal(expected, columns.Select(r => r.A));
    }

    [Fact]
    public async Task First_use_creates_every_table_and_records_the_version()
    {
        await _database.Get<IGrainStateStore>().ReadAsync("s", new GrainId("t", "k"), Ct);

        var tables = (await QueryAsync("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name;")).Select(r => r.A);
        Assert.Equal(["event_log", "grain_directory", "grain_state", "membership", "membership_version", "reminder", "schema_version", "snapshot"], tables);
        var versions = await QueryAsync("SELECT version FROM schema_version;");
        Assert.Equal(["1"], versions.Select(r => r.A));
    }

    [Fact]
    public async Task Tables_have_the_real_primary_keys()
    {
        await _database.Get<IGrainStateStore>().ReadAsync("s", new GrainId("t", "k"), Ct);

        await AssertPrimaryKeyAsync("grain_state", "state_name", "grain_id");
        await AssertPrimaryKeyAsync("event_log", "log_name", "grain_id", "seq");
        await AssertPrimaryKeyAsync("snapshot", "log_name", "grain_id");
        await AssertPrimaryKeyAsync("reminder", "grain_id", "name");
        await AssertPrimaryKeyAsync("membership_version", "cluster_id");
        await AssertPrimaryKeyAsync("membership", "cluster_id", "host", "port", "generation");
        await AssertPrimaryKeyAsync("grain_directory", "cluster_id", "grain_id");
        var indexes = await QueryAsync("SELECT name FROM pragma_index_list('reminder');");
        Assert.Contains(indexes, r => r.A == "ix_reminder_grain_hash");
    }

    [Fact]
    public async Task Opening_the_same_file_twice_migrates_once_and_keeps_data()
    {
        var grain = new GrainId("t", "k");
        await _database.Get<IGrainStateStore>().WriteAsync("s", grain, "{\"a\":1}", 0, Ct);

        var second = _database.Get<IGrainStateStore>();

        Assert.Equal(new StoredState("{\"a\":1}", 1), await second.ReadAsync("s", grain, Ct));
        Assert.Single(await QueryAsync("SELECT version FROM schema_version;"));
    }

    [Fact]
    public async Task Running_the_migrator_again_on_a_migrated_file_is_a_no_op()
    {
        await using var connection = new SqliteConnection($"Data Source={_database.Path};Pooling=False");
        await connection.OpenAsync(Ct);

        await SqliteSchema.MigrateAsync(connection, _database.Path, NullLogger.Instance, Ct);
        await SqliteSchema.MigrateAsync(connection, _database.Path, NullLogger.Instance, Ct);

        Assert.Single(await QueryAsync("SELECT version FROM schema_version;"));
        Assert.Equal(8, (await QueryAsync("SELECT name FROM sqlite_schema WHERE type = 'table';")).Count);
    }

    [Fact]
    public async Task Concurrent_first_uses_migrate_once()
    {
        var store = _database.Get<IGrainStateStore>();

        await Task.WhenAll(Enumerable.Range(0, 8).Select(i => store.ReadAsync("s", new GrainId("t", $"{i}"), Ct)));

        Assert.Single(await QueryAsync("SELECT version FROM schema_version;"));
    }
}
