using Microsoft.Extensions.DependencyInjection;
using OrleansLicense.Runtime.Grains;
using OrleansLicense.Runtime.Storage;
using OrleansLicense.Runtime.Tests.Grains;
using OrleansLicense.Runtime.Tests.Support;
using OrleansLicense.Testing;

namespace OrleansLicense.Runtime.Tests.Persistence;

/// <summary>IPersistentState: load before activation, CAS on write, retry once on a fresh activation after a lost race.</summary>
public sealed class PersistentStateTests : SingleSiloTests
{

    [Fact]
    public async Task State_is_written_with_a_version_and_survives_a_restart_of_the_silo()
    {
        var counter = Silo.Grains.GetGrain<ICounterGrain>("c1");
        await counter.Increment();
        await counter.Increment();

        await RestartAsync();

        var (value, version) = await Silo.Grains.GetGrain<ICounterGrain>("c1").Read();
        Assert.Equal(2, value);
        Assert.Equal(2, version);
    }

    [Fact]
    public async Task A_lost_write_race_deactivates_the_stale_activation_and_retries_once_on_a_fresh_one()
    {
        var counter = Silo.Grains.GetGrain<ICounterGrain>("c2");
        Assert.Equal(1, await counter.Increment());

        // Another writer (another silo, in a cluster) moves the stored version behind this activation's back.
        var store = Silo.Services.GetRequiredService<IGrainStateStore>();
        await store.WriteAsync("counter", new GrainId("Counter", "c2"), """{"value":10}""", 1, TestContext.Current.CancellationToken);

        var value = await counter.Increment();

        Assert.Equal(11, value);
        Assert.Equal(2, Silo.Probe.Count("c2:activated"));
        var stored = await store.ReadAsync("counter", new GrainId("Counter", "c2"), TestContext.Current.CancellationToken);
        Assert.Equal(3, stored!.Version);
    }

    [Fact]
    public async Task Concurrent_increments_on_one_grain_never_lose_an_update()
    {
        var counter = Silo.Grains.GetGrain<ICounterGrain>("c3");

        await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => counter.Increment()));

        Assert.Equal((50, 50L), await counter.Read());
    }
}
