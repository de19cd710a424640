using Microsoft.Extensions.DependencyInjection;
using OrleansLicense.Runtime.Cluster;
using OrleansLicense.Runtime.Membership;
using OrleansLicense.Runtime.Messaging.Remote;
using OrleansLicense.Runtime.Tests.Grains;
using OrleansLicense.Runtime.Tests.Support;
using OrleansLicense.Testing;

namespace OrleansLicense.Runtime.Tests.Cluster;

/// <summary>
/// R-CL-1, R-CL-2: three silos in one process on a shared store form a grid; a grain has one
/// activation cluster-wide whichever silo calls it; a silo cut off from its peers is voted dead,
/// stops, and its grains come back on the survivors.
/// </summary>
public sealed class InProcessClusterTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private readonly Probe _probe = new();
    private readonly List<TestSilo> _silos = [];

    public async ValueTask InitializeAsync()
    {
        for (var i = 0; i < 3; i++)
        {
            _silos.Add(await StartSiloAsync());
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var silo in _silos)
        {
            await silo.DisposeAsync();
        }

        _dir.Dispose();
    }

    [Fact]
    public async Task Three_silos_form_a_grid_and_agree_on_the_oldest_as_leader()
    {
        await WaitUntil(() => _silos.All(s => View(s).Active.Count == 3));

        var leaders = _silos.Select(s => View(s).Leader).Distinct().ToList();
        Assert.Single(leaders);
        Assert.Equal(View(_silos[0]).Self, leaders[0]);
        Assert.True(View(_silos[0]).IsLeader);
    }

    [Fact]
    public async Task A_grain_called_from_every_silo_has_one_activation_cluster_wide()
    {
        await WaitUntil(() => _silos.All(s => View(s).Active.Count == 3));

        await Task.WhenAll(_silos.SelectMany(s => Enumerable.Range(0, 20).Select(_ => s.Grains.GetGrain<ICounterGrain>("shared").Increment())));

        var (value, version) = await _silos[2].Grains.GetGrain<ICounterGrain>("shared").Read();
        Assert.Equal(60, value);
        Assert.Equal(60, version);
        Assert.Equal(1, _silos.Sum(s => s.Runtime.ActivationsByType().GetValueOrDefault("Counter")));
    }

    [Fact]
    public async Task Many_grains_spread_over_the_silos_and_exceptions_cross_silos_unchanged()
    {
        await WaitUntil(() => _silos.All(s => View(s).Active.Count == 3));

        await Task.WhenAll(Enumerable.Range(0, 60).Select(i => _silos[i % 3].Grains.GetGrain<ICounterGrain>($"c{i}").Increment()));

        Assert.All(_silos, s => Assert.InRange(s.Runtime.ActivationsByType().GetValueOrDefault("Counter"), 5, 40));
        Assert.Equal(60, _silos.Sum(s => s.Runtime.ActivationsByType().GetValueOrDefault("Counter")));
        foreach (var silo in _silos)
        {
            Assert.All(
                await Task.WhenAll(Enumerable.Range(0, 12).Select(i => silo.Grains.GetGrain<IErrorGrain>($"echo{i}").Echo("hi", TestContext.Current.CancellationToken))),
                (answer, i) => Assert.Equal($"hi:echo{i}", answer));
            var error = await Assert.ThrowsAsync<SeatRuleException>(() => silo.Grains.GetGrain<IErrorGrain>("remote-error").ThrowCustom(7));
            Assert.Equal("no seats", error.Message);
            Assert.Equal(7, error.Free);
            var argument = await Assert.ThrowsAsync<ArgumentException>(() => silo.Grains.GetGrain<IErrorGrain>("remote-error").ThrowAsync("bad"));
            Assert.Equal("message", argument.ParamName);
            Assert.StartsWith("bad", argument.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_partitioned_silo_is_voted_dead_stops_and_its_grains_move_to_the_survivors()
    {
        await WaitUntil(() => _silos.All(s => View(s).Active.Count == 3));
        var counters = Enumerable.Range(0, 30).Select(i => $"p{i}").ToList();
        await Task.WhenAll(counters.Select(c => _silos[0].Grains.GetGrain<ICounterGrain>(c).Increment()));
        var victim = _silos.First(s => s.Runtime.ActivationsByType().GetValueOrDefault("Counter") > 0 && s != _silos[0]);
        var survivors = _silos.Where(s => s != victim).ToList();
        var declaredDead = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        victim.Services.GetRequiredService<MembershipAgent>().DeclaredDead += (_, _) => declaredDead.TrySetResult();

        victim.Services.GetRequiredService<PartitionSwitch>().Set(true);

        await declaredDead.Task.WaitAsync(TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken);
        await WaitUntil(
            () => survivors.All(s => View(s).Active.Count == 2 && !View(s).IsActive(View(victim).Self)),
            () => string.Join(" | ", survivors.Select(s => string.Join(", ", View(s).Table.Entries.Select(e => $"{e.Silo}:{e.Status}:{e.Suspicions.Count}")))));
        Assert.Equal(SiloStatus.Dead, View(victim).SelfStatus);

        // Every counter answers from a survivor with its stored value: state moved with the grain.
        var values = await Task.WhenAll(counters.Select(c => survivors[0].Grains.GetGrain<ICounterGrain>(c).Increment()));
        Assert.All(values, v => Assert.Equal(2, v));
        Assert.Equal(30, survivors.Sum(s => s.Runtime.ActivationsByType().GetValueOrDefault("Counter")));

        // The leader's chores: no directory entry points at the dead silo any more, and only the leader does them.
        var leader = survivors.Single(s => View(s).IsLeader);
        var follower = survivors.Single(s => !View(s).IsLeader);
        Assert.Equal((0, 0), await follower.Services.GetRequiredService<LeaderDuties>().RunOnceAsync(TestContext.Current.CancellationToken));
        await leader.Services.GetRequiredService<LeaderDuties>().RunOnceAsync(TestContext.Current.CancellationToken);
        var directory = leader.Services.GetRequiredService<OrleansLicense.Runtime.Directory.IGrainDirectoryStore>();
        var victimSilo = View(victim).Self;
        foreach (var counter in counters)
        {
            var entry = await directory.LookupAsync(new OrleansLicense.Runtime.Grains.GrainId("Counter", counter), TestContext.Current.CancellationToken);
            Assert.NotEqual(victimSilo, entry?.Silo);
        }
    }

    private static ClusterView View(TestSilo silo) => silo.Runtime.View;

    private Task<TestSilo> StartSiloAsync()
    {
        var port = FreePort.Next();
        return TestSilo.StartAsync(_dir.File("cluster.db"), TimeProvider.System, probe: _probe, cluster: o =>
        {
            o.Enabled = true;
            o.ClusterId = "test";
            o.SiloPort = port;
            o.AdvertisedHost = "127.0.0.1";
            o.ProbePeriod = TimeSpan.FromMilliseconds(300);
            o.ProbeTimeout = TimeSpan.FromMilliseconds(300);
            o.TableRefreshPeriod = TimeSpan.FromMilliseconds(300);
            o.IAmAlivePeriod = TimeSpan.FromMilliseconds(500);
            o.ExitProcessWhenDeclaredDead = false;
        });
    }

    private static async Task WaitUntil(Func<bool> condition, Func<string>? describe = null)
    {
        // Membership converges within a few refresh periods; poll briefly, bounded.
        for (var i = 0; i < 400 && !condition(); i++)
        {
            await Task.Delay(25, TestContext.Current.CancellationToken);
        }

        Assert.True(condition(), $"the cluster did not converge in 10 s: {describe?.Invoke()}");
    }
}
