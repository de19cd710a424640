using Polly;
using Polly.Retry;

namespace OrleansLicense.Client.Resilience;

/// <summary>Builds the Polly pipelines that repeat a round over the servers after a transient failure.</summary>
internal sealed class RetryPipelineFactory(TimeProvider time, TimeSpan baseDelay, TimeSpan maxDelay)
{
    /// <summary>A pipeline that retries <see cref="RoundFailedException"/> up to <paramref name="maxRetryAttempts"/>
    /// times; each delay is cut so that no retry starts after <paramref name="deadline"/>.</summary>
    /// <param name="maxRetryAttempts">Retries after the first round.</param>
    /// <param name="deadline">Returns the current deadline (it moves when a heartbeat succeeds), or null for none.</param>
    /// <param name="onRetry">Told the retry number, the delay and the failure, for the log.</param>
    public ResiliencePipeline Create(int maxRetryAttempts, Func<DateTimeOffset?> deadline, Action<int, TimeSpan, Exception?> onRetry)
    {
        if (maxRetryAttempts == 0)
        {
            // Polly's retry strategy needs at least one retry; "one round only" is simply no strategy.
            return ResiliencePipeline.Empty;
        }

        var options = new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<RoundFailedException>(),
            MaxRetryAttempts = maxRetryAttempts,

            // Our own generator: Polly's built-in back-off cannot see the session deadline, and a retry that
            // starts after it would talk about a session the server has already kicked.
            DelayGenerator = args =>
            {
                var remaining = deadline() is { } d ? d - time.GetUtcNow() : (TimeSpan?)null;
                return ValueTask.FromResult<TimeSpan?>(RetryBackoff.Delay(args.AttemptNumber, baseDelay, maxDelay, Random.Shared.NextDouble(), remaining));
            },
            OnRetry = args =>
            {
                onRetry(args.AttemptNumber, args.RetryDelay, args.Outcome.Exception);
                return default;
            },
        };

        return new ResiliencePipelineBuilder { TimeProvider = time }.AddRetry(options).Build();
    }
}
