using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace OrleansLicense.Storage.Postgres.Tests;

public sealed class PostgresSchemaMigratorTests(PostgresFixture postgres)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly string[] Tables =
    [
        "olic_event_log", "olic_event_snapshot", "olic_grid_certificate", "olic_schema_version", "orleansmembershiptable",
        "orleansmembershipversiontable", "orleansquery", "orleansreminderstable", "orleansstorage",
    ];

    private static async Task WithMigratorAsync(string connectionString, Func<PostgresSchemaMigrator, Task> action)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await action(new PostgresSchemaMigrator(dataSource, NullLogger<PostgresSchemaMigrator>.Instance));
    }

    /// <summary>Everything the script defines, as comparable text (not when a version was applied).</summary>
    private static async Task<List<string?>> DescribeAsync(string connectionString) => await Sql.ColumnAsync(connectionString, """
        SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable || ' ' || COALESCE(column_default, '')
        FROM information_schema.columns WHERE table_schema = current_schema()
        UNION ALL
        SELECT 'constraint ' || conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid)
        FROM pg_constraint WHERE connamespace = current_schema()::regnamespace
        UNION ALL
        SELECT 'index ' || indexdef FROM pg_indexes WHERE schemaname = current_schema()
        UNION ALL
        SELECT 'function ' || pg_get_functiondef(p.oid) FROM pg_proc p WHERE p.pronamespace = current_schema()::regnamespace
        UNION ALL
        SELECT 'query ' || querykey || ' ' || md5(querytext) FROM orleansquery
        UNION ALL
        SELECT 'version ' || version FROM olic_schema_version
        ORDER BY 1;
        """, Ct);

    [Fact]
    public async Task Applies_to_an_empty_database_and_records_its_version()
    {
        var connectionString = await postgres.CreateDatabaseAsync(Ct);

        await WithMigratorAsync(connectionString, m => m.MigrateAsync(Ct));

        Assert.Equal(Tables, await Sql.ColumnAsync(connectionString, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1;", Ct));
        Assert.Equal([$"{PostgresSchemaMigrator.SchemaVersion}"], await Sql.ColumnAsync(connectionString, "SELECT version FROM olic_schema_version;", Ct));
        Assert.Equal(
            PostgresSchemaMigrator.RequiredQueryKeys.Order(StringComparer.Ordinal),
            await Sql.ColumnAsync(connectionString, "SELECT querykey FROM orleansquery ORDER BY querykey COLLATE \"C\";", Ct));
    }

    [Fact]
    public async Task Applying_again_changes_nothing()
    {
        var connectionString = await postgres.CreateDatabaseAsync(Ct);
        await WithMigratorAsync(connectionString, m => m.MigrateAsync(Ct));
        var once = await DescribeAsync(connectionString);

        await WithMigratorAsync(connectionString, m => m.MigrateAsync(Ct));
        await WithMigratorAsync(connectionString, m => m.ApplyAsync(Ct));
        await PostgresSchemaMigrator.MigrateAsync(connectionString, Ct);

        Assert.Equal(once, await DescribeAsync(connectionString));
    }

    [Fact]
    public async Task Three_silos_starting_at_once_on_an_empty_database_all_succeed()
    {
        var connectionString = await postgres.CreateDatabaseAsync(Ct);

        // Each with a pool of its own, as three silo processes would have; exactly one applies the script.
        var log = new RecordingLogger<PostgresSchemaMigrator>();
        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(
            async () =>
            {
                await using var dataSource = NpgsqlDataSource.Create(connectionString);
                await new PostgresSchemaMigrator(dataSource, log).MigrateAsync(Ct);
            },
            Ct)));
        Assert.Single(log.Entries, e => e.Id.Id == 1);

        // And three that apply the script whatever is recorded, so all three run it under the lock.
        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => WithMigratorAsync(connectionString, m => m.ApplyAsync(Ct)), Ct)));

        Assert.Equal([$"{PostgresSchemaMigrator.SchemaVersion}"], await Sql.ColumnAsync(connectionString, "SELECT version FROM olic_schema_version;", Ct));
        Assert.Equal([$"{PostgresSchemaMigrator.RequiredQueryKeys.Count}"], await Sql.ColumnAsync(connectionString, "SELECT count(*) FROM orleansquery;", Ct));
    }

    [Fact]
    public async Task Issue12_a_version_1_database_gets_forgetafter_in_place_with_its_rows_intact()
    {
        var connectionString = await postgres.CreateDatabaseAsync(Ct);
        await WithMigratorAsync(connectionString, m => m.MigrateAsync(Ct));
        var current = await DescribeAsync(connectionString);

        // Back to what version 1 had: no column, no index, version 1 recorded; and a row written then.
        await Sql.ExecuteAsync(connectionString, """
            DROP INDEX orleansstorage_forgetafter_ix;
            ALTER TABLE orleansstorage DROP COLUMN forgetafter;
            DELETE FROM olic_schema_version;
            INSERT INTO olic_schema_version (version) VALUES (1);
            INSERT INTO orleansstorage (grainidhash, graintypehash, serviceid, grainidn0, grainidn1, graintypestring, grainidextensionstring, payloadbinary, version)
            VALUES (1, 2, 'svc', 0, 0, 'session', 'k', convert_to('{"Name":"kept"}', 'UTF8'), 7);
            """, Ct);

        await WithMigratorAsync(connectionString, m => m.MigrateAsync(Ct));

        Assert.Equal(["1", "2"], await Sql.ColumnAsync(connectionString, "SELECT version FROM olic_schema_version ORDER BY version;", Ct));
        Assert.Equal(["session|k|{\"Name\":\"kept\"}|7|"], await Sql.ColumnAsync(connectionString, "SELECT graintypestring || '|' || grainidextensionstring || '|' || convert_from(payloadbinary, 'UTF8') || '|' || version || '|' || COALESCE(forgetafter::text, '') FROM orleansstorage;", Ct));
        Assert.Equal(current.Where(d => !d!.StartsWith("version", StringComparison.Ordinal)), (await DescribeAsync(connectionString)).Where(d => !d!.StartsWith("version", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Issue12_sessions_that_ended_before_version_2_get_one_retention_from_the_upgrade_and_live_ones_none()
    {
        var connectionString = await postgres.CreateDatabaseAsync(Ct);
        await WithMigratorAsync(connectionString, m => m.MigrateAsync(Ct));

        // Version 1 with session rows as Orleans' System.Text.Json serializer stored them (PascalCase, status a number).
        await Sql.ExecuteAsync(connectionString, """
            DROP INDEX orleansstorage_forgetafter_ix;
            ALTER TABLE orleansstorage DROP COLUMN forgetafter;
            DELETE FROM olic_schema_version;
            INSERT INTO olic_schema_version (version) VALUES (1);
            INSERT INTO orleansstorage (grainidhash, graintypehash, serviceid, grainidn0, grainidn1, graintypestring, grainidextensionstring, payloadbinary, version) VALUES
                (1, 2, 'svc', 0, 0, 'session', 'live', convert_to('{"Status":1,"Features":[{"Name":"draw","Count":1}]}', 'UTF8'), 1),
                (1, 2, 'svc', 0, 0, 'session', 'out', convert_to('{"Status":2,"Features":[],"EndedHolding":["draw"]}', 'UTF8'), 2),
                (1, 2, 'svc', 0, 0, 'session', 'kicked', convert_to('{"Status":3,"Features":[],"EndedHolding":["draw"]}', 'UTF8'), 2),
                (1, 2, 'svc', 0, 0, 'session', 'cleared', NULL, 3),
                (1, 2, 'svc', 0, 0, 'peaks', 'x', convert_to('{"Status":2}', 'UTF8'), 1);
            """, Ct);

        await WithMigratorAsync(connectionString, m => m.MigrateAsync(Ct));

        Assert.Equal(
            ["cleared|", "kicked|ok", "live|", "out|ok", "x|"],
            await Sql.ColumnAsync(connectionString, """
                SELECT grainidextensionstring || '|' || CASE WHEN forgetafter IS NULL THEN ''
                    WHEN forgetafter BETWEEN now() + interval '59 minutes' AND now() + interval '61 minutes' THEN 'ok' ELSE forgetafter::text END
                FROM orleansstorage ORDER BY grainidextensionstring;
                """, Ct));
    }

    [Fact]
    public async Task Every_table_has_a_primary_key()
    {
        var connectionString = await postgres.CreateDatabaseAsync(Ct);
        await WithMigratorAsync(connectionString, m => m.MigrateAsync(Ct));

        var withoutKey = await Sql.ColumnAsync(connectionString, """
            SELECT t.table_name FROM information_schema.tables t
            WHERE t.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
              AND NOT EXISTS (
                SELECT 1 FROM information_schema.table_constraints c
                WHERE c.table_schema = t.table_schema AND c.table_name = t.table_name AND c.constraint_type = 'PRIMARY KEY');
            """, Ct);

        Assert.Empty(withoutKey);
        Assert.Equal(Tables.Length, (await Sql.ColumnAsync(connectionString, "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE';", Ct)).Count);
    }

    [Fact]
    public async Task A_missing_query_stops_the_silo_with_one_sentence_naming_it()
    {
        var connectionString = await postgres.CreateDatabaseAsync(Ct);
        await WithMigratorAsync(connectionString, m => m.MigrateAsync(Ct));
        await Sql.ExecuteAsync(connectionString, "DELETE FROM orleansquery WHERE querykey = 'CleanupDefunctSiloEntriesKey';", Ct);

        // The schema is recorded as current, so a starting silo only checks, and finds the gap.
        var ex = await Assert.ThrowsAsync<PostgresSchemaException>(() => WithMigratorAsync(connectionString, m => m.MigrateAsync(Ct)));

        Assert.Equal(["CleanupDefunctSiloEntriesKey"], ex.MissingQueryKeys);
        Assert.StartsWith($"PostgreSQL database '{new NpgsqlConnectionStringBuilder(connectionString).Database}' lacks the Orleans query CleanupDefunctSiloEntriesKey in table OrleansQuery", ex.Message, StringComparison.Ordinal);
        Assert.EndsWith("then start the silo again.", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public async Task The_check_names_every_missing_query()
    {
        var connectionString = await postgres.CreateDatabaseAsync(Ct);
        await WithMigratorAsync(connectionString, m => m.MigrateAsync(Ct));
        await Sql.ExecuteAsync(connectionString, "DELETE FROM orleansquery WHERE querykey IN ('WriteToStorageKey', 'ReadRangeRows2Key');", Ct);

        var ex = await Assert.ThrowsAsync<PostgresSchemaException>(() => WithMigratorAsync(connectionString, m => m.CheckQueriesAsync(Ct)));

        Assert.Equal(["WriteToStorageKey", "ReadRangeRows2Key"], ex.MissingQueryKeys);
        Assert.Contains("lacks the Orleans queries WriteToStorageKey, ReadRangeRows2Key in table OrleansQuery", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_database_without_the_schema_fails_the_check_naming_every_query()
    {
        var connectionString = await postgres.CreateDatabaseAsync(Ct);

        var ex = await Assert.ThrowsAsync<PostgresSchemaException>(() => WithMigratorAsync(connectionString, m => m.CheckQueriesAsync(Ct)));

        Assert.Equal(PostgresSchemaMigrator.RequiredQueryKeys, ex.MissingQueryKeys);
    }

    [Fact]
    public async Task Migrate_command_restores_deleted_and_changed_queries()
    {
        var connectionString = await postgres.CreateDatabaseAsync(Ct);
        await PostgresSchemaMigrator.MigrateAsync(connectionString, Ct);
        var original = await Sql.ColumnAsync(connectionString, "SELECT querytext FROM orleansquery WHERE querykey = 'ReadFromStorageKey';", Ct);
        await Sql.ExecuteAsync(connectionString, """
            DELETE FROM orleansquery WHERE querykey = 'GatewaysQueryKey';
            UPDATE orleansquery SET querytext = 'SELECT 1;' WHERE querykey = 'ReadFromStorageKey';
            """, Ct);

        await PostgresSchemaMigrator.MigrateAsync(connectionString, Ct);

        Assert.Equal(original, await Sql.ColumnAsync(connectionString, "SELECT querytext FROM orleansquery WHERE querykey = 'ReadFromStorageKey';", Ct));
        Assert.Single(await Sql.ColumnAsync(connectionString, "SELECT 1 FROM orleansquery WHERE querykey = 'GatewaysQueryKey';", Ct));
    }

    [Fact]
    public async Task A_newer_schema_is_left_as_it_is()
    {
        var connectionString = await postgres.CreateDatabaseAsync(Ct);
        await PostgresSchemaMigrator.MigrateAsync(connectionString, Ct);
        await Sql.ExecuteAsync(connectionString, """
            INSERT INTO olic_schema_version (version) VALUES (99);
            UPDATE orleansquery SET querytext = 'SELECT 2;' WHERE querykey = 'ReadFromStorageKey';
            """, Ct);
        var log = new RecordingLogger<PostgresSchemaMigrator>();
        await using var dataSource = NpgsqlDataSource.Create(connectionString);

        await new PostgresSchemaMigrator(dataSource, log).ApplyAsync(Ct);

        Assert.Equal(["SELECT 2;"], await Sql.ColumnAsync(connectionString, "SELECT querytext FROM orleansquery WHERE querykey = 'ReadFromStorageKey';", Ct));
        Assert.Contains(log.Entries, e => e.Message == $"PostgreSQL schema is at version 99, newer than this build's {PostgresSchemaMigrator.SchemaVersion}; continuing on it");
    }

    [Fact]
    public async Task Migrate_command_refuses_an_unusable_connection_string()
    {
        var ex = await Assert.ThrowsAsync<ArgumentException>(() => PostgresSchemaMigrator.MigrateAsync("", Ct));

        Assert.Contains("ConnectionString is required", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_write_statement_binds_only_the_binary_payload()
    {
        var connectionString = await postgres.CreateDatabaseAsync(Ct);
        await PostgresSchemaMigrator.MigrateAsync(connectionString, Ct);

        // 10.4.2 binds @PayloadBinary only; a statement naming @PayloadJson or @PayloadXml fails every write.
        var text = Assert.Single(await Sql.ColumnAsync(connectionString, "SELECT querytext FROM orleansquery WHERE querykey = 'WriteToStorageKey';", Ct));
        Assert.Contains("@PayloadBinary", text, StringComparison.Ordinal);
        Assert.DoesNotContain("@PayloadJson", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("@PayloadXml", text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void The_embedded_script_is_the_deploy_file()
    {
        var deployFile = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "deploy", "postgres-schema.sql"));

        Assert.Equal(deployFile, PostgresSchemaScript.Sql);
        Assert.Contains($"INSERT INTO olic_schema_version (version) VALUES ({PostgresSchemaMigrator.SchemaVersion})", deployFile, StringComparison.Ordinal);
    }
}
