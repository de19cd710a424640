using OrleansLicense.Contracts.Errors;
using OrleansLicense.Grains.Settings;
using OrleansLicense.Silo.Errors;
using OrleansLicense.Silo.Logging;

namespace OrleansLicense.Silo.Endpoints.Gateway;

/// <summary><c>GET /healthz</c>: 200 when the silo serves, 503 while starting, stopping or when its store does not answer.</summary>
internal static class HealthEndpoints
{
    /// <summary>How long the probe's grain call may take before the silo counts as not serving.</summary>
    public static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(5);

    public static void MapHealthEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/healthz", CheckAsync)
            .WithTags("Health")
            .WithName("Health")
            .WithSummary("Health probe")
            .WithDescription("200 when the silo serves (started, not stopping, and a grain with durable state answers); 503 otherwise.")
            .Produces<HealthResponse>()
            .ProducesProblems(503);
    }

    private static async Task<IResult> CheckAsync(IHostApplicationLifetime lifetime, IGrainFactory grains, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        if (!lifetime.ApplicationStarted.IsCancellationRequested)
        {
            return NotServing("The silo is starting.");
        }

        if (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            return NotServing("The silo is stopping.");
        }

        try
        {
            // A read of the settings grain proves that activations run and the store loads state.
            await grains.GetGrain<ISettingsGrain>(ISettingsGrain.Key).Get().WaitAsync(ProbeTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            SiloLog.LogWarningHealthCheck(loggers.CreateLogger(SessionEndpoints.LogCategory), ex);
            return NotServing("The silo's grains do not answer; see the server's log.");
        }

        return Results.Ok(new HealthResponse("serving"));
    }

    private static IResult NotServing(string detail)
        => ApiProblems.Result(ErrorCodes.InternalError, detail, StatusCodes.Status503ServiceUnavailable);
}
