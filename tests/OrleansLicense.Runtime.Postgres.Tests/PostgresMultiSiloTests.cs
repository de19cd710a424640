using Microsoft.Extensions.DependencyInjection;
using OrleansLicense.Runtime.Directory;
using OrleansLicense.Runtime.Grains;
using OrleansLicense.Runtime.Membership;
using OrleansLicense.Runtime.Storage;

namespace OrleansLicense.Runtime.Postgres.Tests;

/// <summary>
/// Several providers on one schema, as several silo processes would be: separate data sources and
/// connection pools, so only PostgreSQL's locks and the SQL fences keep them honest.
/// </summary>
public sealed class PostgresMultiSiloTests(PostgresFixture postgres) : IAsyncLifetime
{
    private static readonly GrainId Grain = new("pool", "acme/pro");
    private static readonly DateTimeOffset T0 = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly PostgresTestSchema _schema = postgres.CreateSchema();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _schema.DisposeAsync();

    /// <summary>Runs every call on the thread pool at once, held at a line until all are scheduled.</summary>
    private static async Task<T[]> RaceAsync<T>(IEnumerable<Func<Task<T>>> calls)
    {
        using var start = new ManualResetEventSlim(false);
        var tasks = calls.Select(call => Task.Run(async () =>
        {
            start.Wait(Ct);
            return await call();
        })).ToArray();
        start.Set();
        return await Task.WhenAll(tasks);
    }

    [Fact]
    public async Task Directory_registrations_from_two_silos_agree_on_one_winner()
    {
        var silos = new[] { _schema.Get<IGrainDirectoryStore>(), _schema.Get<IGrainDirectoryStore>() };
        var grains = Enumerable.Range(0, 5).Select(i => new GrainId("pool", $"g{i}")).ToArray();

        foreach (var grain in grains)
        {
            var winners = await RaceAsync(silos.SelectMany((store, s) => Enumerable.Range(0, 8).Select<int, Func<Task<GrainAddress>>>(i =>
                () => store.RegisterAsync(new GrainAddress(grain, new SiloAddress($"10.0.0.{s}", 11111, s), $"act-{s}-{i}"), null, Ct))));

            Assert.All(winners, w => Assert.Equal(winners[0], w));
            Assert.Equal(winners[0], await silos[0].LookupAsync(grain, Ct));
            Assert.Equal(winners[0], await silos[1].LookupAsync(grain, Ct));
        }
    }

    [Fact]
    public async Task Replacing_a_dead_entry_from_two_silos_agrees_on_one_winner()
    {
        var silos = new[] { _schema.Get<IGrainDirectoryStore>(), _schema.Get<IGrainDirectoryStore>() };
        var dead = new GrainAddress(Grain, new SiloAddress("10.9.9.9", 11111, 1), "act-dead");
        await silos[0].RegisterAsync(dead, null, Ct);

        var winners = await RaceAsync(silos.SelectMany((store, s) => Enumerable.Range(0, 8).Select<int, Func<Task<GrainAddress>>>(i =>
            () => store.RegisterAsync(new GrainAddress(Grain, new SiloAddress($"10.0.0.{s}", 11111, s), $"act-{s}-{i}"), dead, Ct))));

        Assert.NotEqual(dead, winners[0]);
        Assert.All(winners, w => Assert.Equal(winners[0], w));
        Assert.Equal(winners[0], await silos[1].LookupAsync(Grain, Ct));
    }

    [Fact]
    public async Task Appenders_on_two_silos_exactly_one_wins_and_the_losers_see_the_winners_length()
    {
        var silos = new[] { _schema.Get<IEventLogStore>(), _schema.Get<IEventLogStore>() };
        await silos[0].AppendAsync("log", Grain, 0, [new EventRecord("base", T0)], Ct);

        var outcomes = await RaceAsync(silos.SelectMany((store, s) => Enumerable.Range(0, 6).Select<int, Func<Task<(string Writer, InconsistentStateException? Error)>>>(i => async () =>
        {
            var writer = $"s{s}-{i}";
            try
            {
                await store.AppendAsync("log", Grain, 1, Enumerable.Range(0, 5).Select(e => new EventRecord($"{writer}:{e}", T0.AddSeconds(e))).ToArray(), Ct);
                return (writer, null);
            }
            catch (InconsistentStateException ex)
            {
                return (writer, ex);
            }
        })));

        var winner = Assert.Single(outcomes, o => o.Error is null).Writer;
        Assert.All(outcomes.Where(o => o.Error is not null), o =>
        {
            Assert.Equal(1, o.Error!.ExpectedVersion);
            Assert.Equal(6, o.Error.StoredVersion);
        });
        var events = await silos[1].ReadAsync("log", Grain, 0, 100, Ct);
        Assert.Equal(Enumerable.Range(1, 6).Select(i => (long)i), events.Select(e => e.Sequence));
        Assert.Equal(Enumerable.Range(0, 5).Select(e => $"{winner}:{e}"), events.Skip(1).Select(e => e.Json));
    }

    [Fact]
    public async Task Membership_inserts_from_two_silos_on_one_version_exactly_one_wins()
    {
        var silos = new[] { _schema.Get<IMembershipTable>(), _schema.Get<IMembershipTable>() };
        await silos[0].InitializeAsync(Ct);
        await silos[1].InitializeAsync(Ct);

        var outcomes = await RaceAsync(silos.SelectMany((table, s) => Enumerable.Range(0, 6).Select<int, Func<Task<bool>>>(i =>
            () => table.InsertAsync(new MembershipEntry(new SiloAddress($"10.{s}.0.{i}", 11111, 1), "n", "g", SiloStatus.Joining, T0, T0, [], null), 0, Ct))));

        Assert.Single(outcomes, won => won);
        var data = await silos[1].ReadAllAsync(Ct);
        Assert.Equal(1, data.Version);
        Assert.Single(data.Entries);
    }

    [Fact]
    public async Task Clusters_in_one_schema_have_separate_membership_and_directories()
    {
        var blue = _schema.Open(o => o.ClusterId = "blue");
        var green = _schema.Open(o => o.ClusterId = "green");
        var blueMembership = blue.GetRequiredService<IMembershipTable>();
        var greenMembership = green.GetRequiredService<IMembershipTable>();
        await blueMembership.InitializeAsync(Ct);
        await greenMembership.InitializeAsync(Ct);
        var silo = new SiloAddress("10.0.0.1", 11111, 1);

        Assert.True(await blueMembership.InsertAsync(new MembershipEntry(silo, "a", "http://a", SiloStatus.Active, T0, T0, [], null), 0, Ct));
        await blue.GetRequiredService<IGrainDirectoryStore>().RegisterAsync(new GrainAddress(Grain, silo, "blue-act"), null, Ct);

        var greenData = await greenMembership.ReadAllAsync(Ct);
        Assert.Equal(0, greenData.Version);
        Assert.Empty(greenData.Entries);
        Assert.Equal(1, (await blueMembership.ReadAllAsync(Ct)).Version);
        Assert.Null(await green.GetRequiredService<IGrainDirectoryStore>().LookupAsync(Grain, Ct));
        var greenEntry = new GrainAddress(Grain, silo, "green-act");
        Assert.Equal(greenEntry, await green.GetRequiredService<IGrainDirectoryStore>().RegisterAsync(greenEntry, null, Ct));
        Assert.Equal(1, await green.GetRequiredService<IGrainDirectoryStore>().UnregisterSilosAsync([silo], Ct));
        Assert.Equal("blue-act", (await blue.GetRequiredService<IGrainDirectoryStore>().LookupAsync(Grain, Ct))!.ActivationId);
    }

    [Fact]
    public async Task Schemas_in_one_database_are_separate_stores()
    {
        await using var other = postgres.CreateSchema();
        await _schema.Get<IGrainStateStore>().WriteAsync("s", Grain, "mine", 0, Ct);

        var theirs = other.Get<IGrainStateStore>();

        Assert.Null(await theirs.ReadAsync("s", Grain, Ct));
        Assert.Equal(1, await theirs.WriteAsync("s", Grain, "theirs", 0, Ct));
        Assert.Equal(new StoredState("mine", 1), await _schema.Get<IGrainStateStore>().ReadAsync("s", Grain, Ct));
    }
}
