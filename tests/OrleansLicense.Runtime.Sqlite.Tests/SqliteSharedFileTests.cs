using Microsoft.Extensions.DependencyInjection;
using OrleansLicense.Runtime.Directory;
using OrleansLicense.Runtime.Grains;
using OrleansLicense.Runtime.Membership;
using OrleansLicense.Runtime.Storage;

namespace OrleansLicense.Runtime.Sqlite.Tests;

/// <summary>
/// Several providers on one file, as several silo processes on one machine would be: each has its
/// own writer connection and lock, so only SQLite's file lock and the SQL fences keep them honest.
/// </summary>
public sealed class SqliteSharedFileTests : IAsyncLifetime
{
    private static readonly GrainId Grain = new("pool", "acme/pro");
    private static readonly DateTimeOffset T0 = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly SqliteTestDatabase _database = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _database.DisposeAsync();

    [Fact]
    public async Task Appenders_in_separate_providers_exactly_one_wins()
    {
        var stores = Enumerable.Range(0, 4).Select(_ => _database.Get<IEventLogStore>()).ToArray();
        await stores[0].AppendAsync("log", Grain, 0, [new EventRecord("base", T0)], Ct);

        var outcomes = await Task.WhenAll(stores.SelectMany((store, s) => Enumerable.Range(0, 4).Select(i => Task.Run(async () =>
        {
            try
            {
                await store.AppendAsync("log", Grain, 1, [new EventRecord($"s{s}-{i}-a", T0), new EventRecord($"s{s}-{i}-b", T0)], Ct);
                return true;
            }
            catch (InconsistentStateException)
            {
                return false;
            }
        }))));

        Assert.Single(outcomes, won => won);
        var events = await stores[3].ReadAsync("log", Grain, 0, 100, Ct);
        Assert.Equal([1L, 2L, 3L], events.Select(e => e.Sequence));
        Assert.Equal(events[1].Json[..^1], events[2].Json[..^1]);
    }

    [Fact]
    public async Task Registrations_in_separate_providers_agree_on_one_winner()
    {
        var stores = Enumerable.Range(0, 4).Select(_ => _database.Get<IGrainDirectoryStore>()).ToArray();

        var winners = await Task.WhenAll(stores.Select((store, i) => Task.Run(() =>
            store.RegisterAsync(new GrainAddress(Grain, new SiloAddress($"10.0.0.{i}", 11111, i), $"act-{i}"), null, Ct))));

        Assert.All(winners, w => Assert.Equal(winners[0], w));
    }

    [Fact]
    public async Task Clusters_on_one_file_have_separate_membership_and_directories()
    {
        var blue = _database.Open(o => o.ClusterId = "blue");
        var green = _database.Open(o => o.ClusterId = "green");
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
}
