namespace OrleansLicense.Cli.Tests.Infrastructure;

/// <summary>A clock that always reads the same instant, so issue times can be asserted exactly.</summary>
internal sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
