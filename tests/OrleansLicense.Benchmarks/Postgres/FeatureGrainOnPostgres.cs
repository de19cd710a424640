using System.Net;
using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using OrleansLicense.Benchmarks.Load;
using OrleansLicense.Contracts.Errors;
using OrleansLicense.Grains.Errors;
using OrleansLicense.Grains.Hosting;
using OrleansLicense.Grains.Seats;
using OrleansLicense.Grains.Security;
using OrleansLicense.Storage.Postgres;
using OrleansLicense.Testing;

namespace OrleansLicense.Benchmarks.Postgres;

/// <summary>
/// The same hot seat pool as the silo's, on PostgreSQL: the real feature grain (event-sourced, one
/// group-commit queue) in an in-process Orleans silo with <c>AddLicenseGrains</c> and
/// <c>AddPostgresLicenseStorage</c> (ADO.NET clustering on loopback, free ports below 32768), called
/// from the silo's own host so the figure is the grain and its storage, not HTTP. Those calls carry
/// the silo call credential as the silo's HTTP API does (the grains' outgoing call filter adds it).
/// Every grant and release is durable before it is answered, exactly as in the naive baseline.
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
        var siloPort = FreePort.Next();
        var gatewayPort = FreePort.Next();
        while (gatewayPort == siloPort)
        {
            gatewayPort = FreePort.Next();
        }

        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();

        // Errors only, to stderr with the progress lines: a silo that cannot start says why.
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace).SetMinimumLevel(LogLevel.Error);
        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = $"bench-pg-{Guid.NewGuid():N}"[..17];
                o.ServiceId = "olic-bench";
            });
            silo.ConfigureEndpoints(IPAddress.Loopback, siloPort, gatewayPort, listenOnAnyHostAddress: false);
            silo.AddLicenseGrains();
            silo.Configure<SiloCallCredentialOptions>(o => o.Secret = Convert.ToHexString(RandomNumberGenerator.GetBytes(32)));
            silo.AddPostgresLicenseStorage(o => o.ConnectionString = connectionString);
        });
        var host = builder.Build();
        try
        {
            await host.StartAsync(cancellationToken).ConfigureAwait(false);
            var feature = host.Services.GetRequiredService<IGrainFactory>().GetGrain<IFeatureGrain>(FeatureKey.Of("BENCH-PG", "draw"));
            await feature.Configure(seats, enabled: true, cancellationToken).ConfigureAwait(false);
            return new FeatureGrainOnPostgres(host, feature);
        }
        catch
        {
            await StopAsync(host).ConfigureAwait(false);
            throw;
        }
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

    public ValueTask DisposeAsync() => new(StopAsync(_host));

    private static async Task StopAsync(IHost host)
    {
        try
        {
            using var bounded = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await host.StopAsync(bounded.Token).ConfigureAwait(false);
        }
        finally
        {
            host.Dispose();
        }
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
