using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using OrleansLicense.Runtime.Directory;
using OrleansLicense.Runtime.Grains;
using OrleansLicense.Runtime.Membership;
using OrleansLicense.Runtime.Storage;

namespace OrleansLicense.Runtime.Postgres.Tests;

public sealed class PostgresSchemaTests(PostgresFixture postgres) : IAsyncLifetime
{
    private static readonly GrainId Grain = new("t", "k");
    private static readonly string[] Tables = ["event_log", "grain_directory", "grain_state", "membership", "membership_version", "reminder", "schema_version", "snapshot"];

    private readonly PostgresTestSchema _schema = postgres.CreateSchema();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _schema.DisposeAsync();

    private Task<List<string?>> TablesAsync(string schema) =>
        _schema.ColumnAsync($"SELECT table_name FROM information_schema.tables WHERE table_schema = '{schema}' ORDER BY table_name;", Ct);

    private Task<List<string?>> VersionsAsync(string schema) =>
        _schema.ColumnAsync($"SELECT version FROM \"{schema}\".schema_version ORDER BY version;", Ct);

    private async Task<List<string?>> PrimaryKeyAsync(string table) =>
        await _schema.ColumnAsync($"""
            SELECT a.attname
            FROM pg_index i
            JOIN pg_class c ON c.oid = i.indrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k (attnum, ord)
            JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
            WHERE i.indisprimary AND n.nspname = '{_schema.Name}' AND c.relname = '{table}'
            ORDER BY k.ord;
            """, Ct);

    [Fact]
    public async Task First_use_creates_the_schema_every_table_and_records_the_version()
    {
        Assert.Empty(await TablesAsync(_schema.Name));

        await _schema.Get<IGrainStateStore>().ReadAsync("s", Grain, Ct);

        Assert.Equal(Tables, await TablesAsync(_schema.Name));
        Assert.Equal(["1"], await VersionsAsync(_schema.Name));
    }

    [Fact]
    public async Task Tables_have_the_real_primary_keys_and_the_range_indexes()
    {
        await _schema.Get<IGrainStateStore>().ReadAsync("s", Grain, Ct);

        Assert.Equal(["state_name", "grain_id"], await PrimaryKeyAsync("grain_state"));
        Assert.Equal(["log_name", "grain_id", "seq"], await PrimaryKeyAsync("event_log"));
        Assert.Equal(["log_name", "grain_id"], await PrimaryKeyAsync("snapshot"));
        Assert.Equal(["grain_id", "name"], await PrimaryKeyAsync("reminder"));
        Assert.Equal(["cluster_id"], await PrimaryKeyAsync("membership_version"));
        Assert.Equal(["cluster_id", "host", "port", "generation"], await PrimaryKeyAsync("membership"));
        Assert.Equal(["cluster_id", "grain_id"], await PrimaryKeyAsync("grain_directory"));
        Assert.Equal(["version"], await PrimaryKeyAsync("schema_version"));
        var indexes = await _schema.ColumnAsync($"SELECT indexname FROM pg_indexes WHERE schemaname = '{_schema.Name}' ORDER BY indexname;", Ct);
        Assert.Contains("ix_reminder_grain_hash", indexes);
        Assert.Contains("ix_grain_directory_silo", indexes);
    }

    [Fact]
    public async Task Times_are_timestamptz_hashes_bigint_and_suspicions_jsonb()
    {
        await _schema.Get<IGrainStateStore>().ReadAsync("s", Grain, Ct);

        var types = (await _schema.QueryAsync($"""
            SELECT table_name || '.' || column_name, data_type FROM information_schema.columns
            WHERE table_schema = '{_schema.Name}';
            """, Ct)).ToDictionary(r => r[0]!, r => r[1]);
        foreach (var column in new[] { "event_log.recorded_at", "reminder.start_at", "membership.started_at", "membership.iamalive_at", "schema_version.applied_at" })
        {
            Assert.Equal("timestamp with time zone", types[column]);
        }

        Assert.DoesNotContain(types, t => t.Value is "timestamp without time zone");
        Assert.Equal("bigint", types["reminder.grain_hash"]);
        Assert.Equal("jsonb", types["membership.suspicions"]);
        Assert.All(new[] { "grain_state.version", "event_log.seq", "snapshot.version", "reminder.version", "membership_version.version" }, c => Assert.Equal("bigint", types[c]));
    }

    [Fact]
    public async Task Opening_the_schema_twice_migrates_once_and_keeps_data()
    {
        await _schema.Get<IGrainStateStore>().WriteAsync("s", Grain, "{\"a\":1}", 0, Ct);

        var second = _schema.Get<IGrainStateStore>();

        Assert.Equal(new StoredState("{\"a\":1}", 1), await second.ReadAsync("s", Grain, Ct));
        Assert.Equal(["1"], await VersionsAsync(_schema.Name));
    }

    [Fact]
    public async Task Running_the_migrator_again_on_a_migrated_schema_is_a_no_op()
    {
        await using var dataSource = NpgsqlDataSource.Create(_schema.ConnectionString);

        await PostgresSchema.MigrateAsync(dataSource, _schema.Name, NullLogger.Instance, Ct);
        var before = await PostgresQuery.DescribeSchemaAsync(_schema.ConnectionString, _schema.Name, Ct);
        await PostgresSchema.MigrateAsync(dataSource, _schema.Name, NullLogger.Instance, Ct);

        Assert.Equal(["1"], await VersionsAsync(_schema.Name));
        Assert.Equal(Tables, await TablesAsync(_schema.Name));
        Assert.Equal(before, await PostgresQuery.DescribeSchemaAsync(_schema.ConnectionString, _schema.Name, Ct));
    }

    [Fact]
    public async Task Concurrent_migrators_on_separate_data_sources_all_succeed_and_migrate_once()
    {
        // Separate data sources are separate connections, as separate silo processes would have.
        var dataSources = Enumerable.Range(0, 6).Select(_ => NpgsqlDataSource.Create(_schema.ConnectionString)).ToArray();
        try
        {
            using var start = new ManualResetEventSlim(false);
            var migrations = dataSources.Select(ds => Task.Run(async () =>
            {
                start.Wait(Ct);
                await PostgresSchema.MigrateAsync(ds, _schema.Name, NullLogger.Instance, Ct);
            })).ToArray();
            start.Set();

            await Task.WhenAll(migrations);
        }
        finally
        {
            foreach (var dataSource in dataSources)
            {
                await dataSource.DisposeAsync();
            }
        }

        Assert.Equal(["1"], await VersionsAsync(_schema.Name));
        Assert.Equal(Tables, await TablesAsync(_schema.Name));
    }

    [Fact]
    public async Task Two_providers_starting_at_once_both_work_on_one_schema()
    {
        var first = _schema.Get<IEventLogStore>();
        var second = _schema.Get<IEventLogStore>();

        await Task.WhenAll(
            Task.Run(() => first.AppendAsync("log", Grain, 0, [new EventRecord("a", DateTimeOffset.UnixEpoch)], Ct)),
            Task.Run(() => second.AppendAsync("log", new GrainId("t", "other"), 0, [new EventRecord("b", DateTimeOffset.UnixEpoch)], Ct)));

        Assert.Single(await second.ReadAsync("log", Grain, 0, 10, Ct));
        Assert.Single(await first.ReadAsync("log", new GrainId("t", "other"), 0, 10, Ct));
        Assert.Equal(["1"], await VersionsAsync(_schema.Name));
    }

    [Fact]
    public async Task A_schema_at_a_newer_version_is_used_as_it_is()
    {
        var store = _schema.Get<IGrainStateStore>();
        await store.WriteAsync("s", Grain, "v1", 0, Ct);
        await _schema.QueryAsync($"INSERT INTO \"{_schema.Name}\".schema_version (version) VALUES (2);", Ct);

        var newer = _schema.Get<IGrainStateStore>();

        Assert.Equal(2, await newer.WriteAsync("s", Grain, "v2", 1, Ct));
        Assert.Equal(["1", "2"], await VersionsAsync(_schema.Name));
    }

    [Fact]
    public void Embedded_migrations_are_numbered_from_1_without_gaps()
    {
        Assert.Equal(Enumerable.Range(1, PostgresSchema.Migrations.Count).Select(i => (long)i), PostgresSchema.Migrations.Select(m => m.Version));
        Assert.Equal("001_schema.sql", PostgresSchema.Migrations[0].Name);
        Assert.All(PostgresSchema.Migrations, m => Assert.Contains(PostgresSchema.Placeholder, m.Script, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_deploy_script_builds_the_schema_the_migrator_builds_and_the_providers_run_on_it_without_ddl_rights()
    {
        var deployScript = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "deploy", "postgres-schema.sql"), Ct);
        var database = $"olic_deploy_{Guid.NewGuid():N}"[..24];
        var role = $"olic_silo_{Guid.NewGuid():N}"[..24];
        var connectionString = await postgres.Server.CreateDatabaseAsync(database, Ct);
        try
        {
            // Applied twice: administrators re-run scripts, and it must stay harmless.
            await PostgresQuery.RowsAsync(connectionString, deployScript, Ct);
            await PostgresQuery.RowsAsync(connectionString, deployScript, Ct);
            await _schema.Get<IGrainStateStore>().ReadAsync("s", Grain, Ct);

            Assert.Equal(
                await PostgresQuery.DescribeSchemaAsync(_schema.ConnectionString, _schema.Name, Ct),
                await PostgresQuery.DescribeSchemaAsync(connectionString, "olic", Ct));
            Assert.Equal(["1"], await PostgresQuery.ColumnAsync(connectionString, "SELECT version FROM olic.schema_version;", Ct));

            // A silo role with only the grants the script's header names: no CREATE anywhere, so any
            // DDL from the migrator would fail.
            await PostgresQuery.RowsAsync(connectionString, $"""
                CREATE ROLE {role} LOGIN;
                REVOKE CREATE ON SCHEMA public FROM PUBLIC;
                REVOKE CREATE ON DATABASE {database} FROM PUBLIC;
                GRANT USAGE ON SCHEMA olic TO {role};
                GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA olic TO {role};
                """, Ct);
            var silo = new NpgsqlConnectionStringBuilder(connectionString) { Username = role, Password = null }.ConnectionString;
            var services = new ServiceCollection().AddPostgresStorage(o => o.ConnectionString = silo);
            await using (var provider = services.BuildServiceProvider())
            {
                var state = provider.GetRequiredService<IGrainStateStore>();
                Assert.Equal(1, await state.WriteAsync("s", Grain, "{}", 0, Ct));
                var membership = provider.GetRequiredService<IMembershipTable>();
                await membership.InitializeAsync(Ct);
                Assert.True(await membership.InsertAsync(new MembershipEntry(new SiloAddress("h", 1, 1), "n", "g", SiloStatus.Active, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, [], null), 0, Ct));
                var address = new GrainAddress(Grain, new SiloAddress("h", 1, 1), "a");
                Assert.Equal(address, await provider.GetRequiredService<IGrainDirectoryStore>().RegisterAsync(address, null, Ct));
            }

            Assert.Equal(["1"], await PostgresQuery.ColumnAsync(connectionString, "SELECT version FROM olic.schema_version;", Ct));
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await postgres.Server.DropDatabaseAsync(database, CancellationToken.None);
            await PostgresQuery.RowsAsync(_schema.ConnectionString, $"DROP ROLE IF EXISTS {role};", CancellationToken.None);
        }
    }
}
