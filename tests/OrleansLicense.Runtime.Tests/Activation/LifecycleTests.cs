using OrleansLicense.Runtime.Hosting;
using OrleansLicense.Runtime.Tests.Grains;
using OrleansLicense.Runtime.Tests.Support;
using OrleansLicense.Testing;

namespace OrleansLicense.Runtime.Tests.Activation;

/// <summary>Idle collection, [KeepAlive], timers as turns, deactivation on request.</summary>
public sealed class LifecycleTests : SingleSiloTests
{
    private readonly ManualClock _clock = new();

    protected override TimeProvider Clock => _clock;

    protected override void Configure(RuntimeOptions options)
    {
        options.CollectionAge = TimeSpan.FromMinutes(15);
        options.CollectionQuantum = TimeSpan.FromMinutes(1);
    }

    [Fact]
    public async Task Idle_activations_are_collected_after_the_collection_age_but_KeepAlive_ones_stay()
    {
        var idle = Silo.Grains.GetGrain<ILifecycleGrain>("idle");
        var hot = Silo.Grains.GetGrain<IHotGrain>("hot");
        var before = await idle.Ping();
        await hot.Ping();

        _clock.Advance(TimeSpan.FromMinutes(14));
        Assert.Equal(0, Silo.Runtime.CollectIdleActivations());

        // The collection loop (every minute on the clock) finds it idle for 15 minutes now.
        _clock.Advance(TimeSpan.FromMinutes(2));
        await Silo.Probe.WhenSignalled("idle:deactivated");

        Assert.Contains("idle:deactivated:Idle", Silo.Probe.Events);
        Assert.DoesNotContain(Silo.Probe.Events, e => e.StartsWith("hot:", StringComparison.Ordinal));

        // The grain is virtual: the next call activates it again.
        var after = await idle.Ping();
        Assert.NotEqual(before, after);
        Assert.Equal(2, Silo.Probe.Count("idle:activated"));
    }

    [Fact]
    public async Task The_collection_loop_runs_on_the_clock()
    {
        var grain = Silo.Grains.GetGrain<ILifecycleGrain>("looped");
        await grain.Ping();

        _clock.Advance(TimeSpan.FromMinutes(17));

        await Silo.Probe.WhenSignalled("looped:deactivated");
    }

    [Fact]
    public async Task Timer_ticks_run_as_turns_on_the_clock_and_stop_with_the_activation()
    {
        var grain = Silo.Grains.GetGrain<ILifecycleGrain>("timed");
        await grain.StartTimer(TimeSpan.FromSeconds(30));

        _clock.Advance(TimeSpan.FromSeconds(30));
        await Silo.Probe.WhenSignalled("timed:tick:1");
        _clock.Advance(TimeSpan.FromSeconds(30));
        await Silo.Probe.WhenSignalled("timed:tick:2");

        Assert.Equal(2, Silo.Probe.Count("timed:tick"));
    }
}
