using Microsoft.Extensions.DependencyInjection;
using OrleansLicense.Runtime.Filters;
using OrleansLicense.Runtime.Tests.Grains;
using OrleansLicense.Runtime.Tests.Support;
using OrleansLicense.Testing;

namespace OrleansLicense.Runtime.Tests.Filters;

/// <summary>The incoming-call statistics: counts, errors and latency per grain type and method, rolled per second into a ring.</summary>
public sealed class CallStatisticsTests : SingleSiloTests
{

    [Fact]
    public async Task Calls_and_errors_are_counted_per_grain_type_and_method()
    {
        var stats = Silo.Services.GetRequiredService<CallStatistics>();
        var errors = Silo.Grains.GetGrain<IErrorGrain>("s");
        var counter = Silo.Grains.GetGrain<ICounterGrain>("s");
        for (var i = 0; i < 3; i++)
        {
            await counter.Increment();
        }

        await Assert.ThrowsAsync<InvalidOperationException>(() => errors.ThrowSync("x"));

        var at = DateTimeOffset.UnixEpoch;
        stats.Roll(at);

        var increment = Assert.Single(stats.Series(), s => s.GrainType == "Counter" && s.Method == "ICounterGrain.Increment");
        Assert.Equal(3, increment.Samples[^1].Calls);
        Assert.Equal(0, increment.Samples[^1].Errors);
        Assert.True(increment.Samples[^1].MaxLatencyMs >= increment.Samples[^1].MeanLatencyMs);
        var thrown = Assert.Single(stats.Series(), s => s.GrainType == "Error");
        Assert.Equal(1, thrown.Samples[^1].Errors);
        Assert.Equal(4, stats.Total()[^1].Calls);
        Assert.Equal(at, stats.Total()[^1].At);
    }

    [Fact]
    public void The_ring_keeps_the_last_hundred_seconds()
    {
        var stats = new CallStatistics();
        for (var second = 0; second < 150; second++)
        {
            stats.Record("T", "I.M", TimeSpan.FromMilliseconds(1), failed: false);
            stats.Roll(DateTimeOffset.UnixEpoch.AddSeconds(second));
        }

        var samples = stats.Total();
        Assert.Equal(CallStatistics.Capacity, samples.Count);
        Assert.Equal(DateTimeOffset.UnixEpoch.AddSeconds(50), samples[0].At);
        Assert.Equal(DateTimeOffset.UnixEpoch.AddSeconds(149), samples[^1].At);
        Assert.All(samples, s => Assert.Equal(1, s.Calls));
    }
}
