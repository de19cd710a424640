using System.Diagnostics;

namespace OrleansLicense.Storage.Sqlite.Tests.Silo;

/// <summary>The storage under a real single silo: what a grain stored and the reminders it registered survive a restart.</summary>
public sealed class SqliteSiloTests : IAsyncLifetime
{
    private readonly SqliteTestDatabase _database = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _database.DisposeAsync();

    [Fact]
    public async Task Grain_state_survives_a_restart_of_the_silo_on_the_same_file()
    {
        await using (var silo = await TestSilo.StartAsync(_database.Path))
        {
            var a = silo.Grains.GetGrain<ICounterGrain>("a");
            await a.Add(1);
            await a.Add(2);
            Assert.Equal(10, await silo.Grains.GetGrain<ICounterGrain>("b").Add(10));
        }

        await using (var silo = await TestSilo.StartAsync(_database.Path))
        {
            var a = silo.Grains.GetGrain<ICounterGrain>("a");
            Assert.Equal(3, await a.Get());
            Assert.Equal("2", await a.ETag());
            Assert.Equal(7, await a.Add(4));
            Assert.Equal(10, await silo.Grains.GetGrain<ICounterGrain>("b").Get());
        }

        var rows = await SqliteTestFiles.QueryAsync(_database.Path, "SELECT state_name, grain_id, version, json FROM grain_state ORDER BY grain_id;");
        Assert.Equal(["counter", "counter/a", 3L, """{"value":7,"ticks":0}"""], rows[0]);
    }

    [Fact]
    public async Task A_reminder_registered_before_a_restart_fires_after_it()
    {
        await using (var silo = await TestSilo.StartAsync(_database.Path))
        {
            // Due after the restart below; the period is Orleans' minimum.
            await silo.Grains.GetGrain<ICounterGrain>("reminded").Remind(TimeSpan.FromSeconds(8), TimeSpan.FromMinutes(1));
        }

        Assert.Single(await SqliteTestFiles.QueryAsync(_database.Path, "SELECT * FROM reminder WHERE grain_id = 'counter/reminded';"));

        await using (var silo = await TestSilo.StartAsync(_database.Path))
        {
            var grain = silo.Grains.GetGrain<ICounterGrain>("reminded");
            var clock = Stopwatch.StartNew();
            while (await grain.Ticks() == 0)
            {
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(45), "the reminder did not fire within 45 s of the restart");
                await Task.Delay(250, TestContext.Current.CancellationToken);
            }
        }
    }

    [Fact]
    public async Task A_silo_on_a_file_of_another_schema_stops_at_start_with_the_reason()
    {
        await SqliteTestFiles.ExecuteAsync(_database.Path, """
            CREATE TABLE schema_version (version INTEGER NOT NULL PRIMARY KEY, applied_at INTEGER NOT NULL) STRICT;
            INSERT INTO schema_version VALUES (1, 0);
            """);

        var ex = await Assert.ThrowsAnyAsync<Exception>(() => TestSilo.StartAsync(_database.Path));

        var messages = new List<string>();
        for (Exception? e = ex; e is not null; e = e.InnerException)
        {
            messages.Add(e.Message);
        }

        Assert.Contains(messages, m => m.Contains("holds schema version 1, written by OrleansLicense before it moved to Microsoft Orleans", StringComparison.Ordinal));
    }
}
