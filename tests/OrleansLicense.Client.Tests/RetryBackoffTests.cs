using OrleansLicense.Client.Resilience;

namespace OrleansLicense.Client.Tests;

public sealed class RetryBackoffTests
{
    private static readonly TimeSpan Base = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Max = TimeSpan.FromSeconds(15);

    [Theory]
    [InlineData(0, 0.0, 500)]
    [InlineData(0, 1.0, 1000)]
    [InlineData(1, 0.0, 1000)]
    [InlineData(3, 1.0, 8000)]
    [InlineData(10, 0.0, 7500)]
    [InlineData(10, 1.0, 15000)]
    [InlineData(int.MaxValue, 0.5, 11250)]
    public void Doubles_with_jitter_up_to_the_cap(int attempt, double jitter, int expectedMilliseconds) =>
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMilliseconds), RetryBackoff.Delay(attempt, Base, Max, jitter, null));

    [Fact]
    public void Never_waits_past_the_deadline()
    {
        Assert.Equal(TimeSpan.FromSeconds(2), RetryBackoff.Delay(10, Base, Max, 1.0, TimeSpan.FromSeconds(2)));
        Assert.Equal(TimeSpan.Zero, RetryBackoff.Delay(10, Base, Max, 1.0, TimeSpan.FromSeconds(-3)));
    }
}
