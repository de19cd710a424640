using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansLicense.Benchmarks.Load;
using OrleansLicense.Contracts.Errors;
using OrleansLicense.Grains.Errors;
using OrleansLicense.Grains.Hosting;
using OrleansLicense.Grains.Seats;
using OrleansLicense.Runtime.Grains;
using OrleansLicense.Runtime.Hosting;
using OrleansLicense.Runtime.Postgres;

namespace OrleansLicense.Benchmarks.Postgres;

/// <summary>
/// The same hot seat pool as the silo's, on PostgreSQL: the real feature grain (event-sourced, one
/// group-commit queue) hosted in-process on <c>AddPostgresStorage</c>, called directly so the
/// figure is the grain and its storage, not HTTP. Every grant and release is durable before it
/// is answered, exactly as in the naive baseline.
/// </summary>
internal sealed class FeatureGrainOnPostgres : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly IFeatureGrain _feature;
    private long _sessions;

    private FeatureGrainOnPostgres(IHost host, IFeatureGrain feature)
    {
        _host = host;
        _feature = feature;
    }

    public static async Task<FeatureGrainOnPostgres> StartAsync(string connectionString, int seats, CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddOrleansLicenseRuntime(runtime => runtime.AddLicenseGrains());
        builder.Services.AddPostgresStorage(options =>
        {
            options.ConnectionString = connectionString;
            options.ClusterId = "bench";
        });
        var host = builder.Build();
        await host.StartAsync(cancellationToken).ConfigureAwait(false);
        var feature = host.Services.GetRequiredService<IGrainFactory>().GetGrain<IFeatureGrain>(FeatureKey.Of("BENCH-PG", "draw"));
        await feature.Configure(seats, enabled: true, cancellationToken).ConfigureAwait(false);
        return new FeatureGrainOnPostgres(host, feature);
    }

    public async Task<int> UsedAsync() => (await _feature.GetUsage().ConfigureAwait(false)).Used;

    /// <summary>Acquire one seat for a new session id, then release it: recorded as login and logout.</summary>
    public Func<WorkerRecorder, CancellationToken, Task<bool>> GrantRelease()
        => async (worker, cancellationToken) =>
        {
            var sessionId = $"s{Interlocked.Increment(ref _sessions)}";
            var started = await worker.StartAsync(cancellationToken).ConfigureAwait(false);
            var (outcome, error) = await CallAsync(() => _feature.Acquire(sessionId, 0, 1, 3600, waitUntil: null, cancellationToken)).ConfigureAwait(false);
            worker.Finish(OpKind.Login, started, outcome, error);
            if (outcome != OpOutcome.Ok)
            {
                return true;
            }

            started = await worker.StartAsync(cancellationToken).ConfigureAwait(false);
            (outcome, error) = await CallAsync(() => _feature.Release(sessionId, null, CancellationToken.None)).ConfigureAwait(false);
            worker.Finish(OpKind.Logout, started, outcome, error);
            return true;
        };

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync(CancellationToken.None).ConfigureAwait(false);
        _host.Dispose();
    }

    private static async Task<(OpOutcome, string?)> CallAsync(Func<Task> call)
    {
        try
        {
            await call().ConfigureAwait(false);
            return (OpOutcome.Ok, null);
        }
        catch (LicensingException ex) when (ex.Code == ErrorCodes.SeatsExhausted)
        {
            return (OpOutcome.Refused, null);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return (OpOutcome.Error, ex.GetType().Name);
        }
    }
}
