using OrleansLicense.Runtime.Tests.Grains;
using OrleansLicense.Runtime.Tests.Support;
using OrleansLicense.Testing;

namespace OrleansLicense.Runtime.Tests.Activation;

/// <summary>Idle collection, [KeepAlive], timers as turns, deactivation on request.</summary>
public sealed class LifecycleTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private readonly ManualClock _clock = new();
    private TestSilo _silo = null!;

    public async ValueTask InitializeAsync()
        => _silo = await TestSilo.StartAsync(_dir.File("silo.db"), _clock, o =>
        {
            o.CollectionAge = TimeSpan.FromMinutes(15);
            o.CollectionQuantum = TimeSpan.FromMinutes(1);
        });

    public async ValueTask DisposeAsync()
    {
        await _silo.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task Idle_activations_are_collected_after_the_collection_age_but_KeepAlive_ones_stay()
    {
        var idle = _silo.Grains.GetGrain<ILifecycleGrain>("idle");
        var hot = _silo.Grains.GetGrain<IHotGrain>("hot");
        var before = await idle.Ping();
        await hot.Ping();

        _clock.Advance(TimeSpan.FromMinutes(14));
        Assert.Equal(0, _silo.Runtime.CollectIdleActivations());

        // The collection loop (every minute on the clock) finds it idle for 15 minutes now.
        _clock.Advance(TimeSpan.FromMinutes(2));
        await _silo.Probe.WhenSignalled("idle:deactivated");

        Assert.Contains("idle:deactivated:Idle", _silo.Probe.Events);
        Assert.DoesNotContain(_silo.Probe.Events, e => e.StartsWith("hot:", StringComparison.Ordinal));

        // The grain is virtual: the next call activates it again.
        var after = await idle.Ping();
        Assert.NotEqual(before, after);
        Assert.Equal(2, _silo.Probe.Count("idle:activated"));
    }

    [Fact]
    public async Task The_collection_loop_runs_on_the_clock()
    {
        var grain = _silo.Grains.GetGrain<ILifecycleGrain>("looped");
        await grain.Ping();

        _clock.Advance(TimeSpan.FromMinutes(17));

        await _silo.Probe.WhenSignalled("looped:deactivated");
    }

    [Fact]
    public async Task Timer_ticks_run_as_turns_on_the_clock_and_stop_with_the_activation()
    {
        var grain = _silo.Grains.GetGrain<ILifecycleGrain>("timed");
        await grain.StartTimer(TimeSpan.FromSeconds(30));

        _clock.Advance(TimeSpan.FromSeconds(30));
        await _silo.Probe.WhenSignalled("timed:tick:1");
        _clock.Advance(TimeSpan.FromSeconds(30));
        await _silo.Probe.WhenSignalled("timed:tick:2");

        Assert.Equal(2, _silo.Probe.Count("timed:tick"));
    }
}
