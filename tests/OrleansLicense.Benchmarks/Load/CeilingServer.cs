using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansLicense.Contracts;
using OrleansLicense.Contracts.Sessions;

namespace OrleansLicense.Benchmarks.Load;

/// <summary>
/// A bare Kestrel endpoint of the same shape as the client API: the same routes, the same JSON in
/// and out through the same source-generated contracts, and no work behind them. What the silo
/// reaches as a fraction of this is what its runtime, grains and storage cost.
/// </summary>
internal static class CeilingServer
{
    /// <summary>The hidden scenario name the harness starts the child with.</summary>
    public const string ScenarioName = "ceiling-server";

    public static async Task<int> RunAsync(int port, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, port);
            kestrel.AddServerHeader = false;
        });
        builder.Services.ConfigureHttpJsonOptions(options => options.SerializerOptions.TypeInfoResolverChain.Insert(0, ContractsJsonContext.Default));
        await using var app = builder.Build();

        app.MapGet("/healthz", () => Results.Ok());
        app.MapPost("/api/v1/sessions", (LoginRequest request, HttpContext context) =>
        {
            var id = Guid.NewGuid().ToString("N");
            return Results.Created(
                $"/api/v1/sessions/{id}",
                new LoginResponse(id, SessionTimeouts.DefaultSeconds, SessionTimeouts.HeartbeatIntervalSeconds(SessionTimeouts.DefaultSeconds), "ceiling", request.Features, [$"http://{context.Request.Host}"], "ceiling"));
        });
        app.MapPost("/api/v1/sessions/{id}/heartbeat", (string id) =>
            Results.Ok(new HeartbeatResponse(SessionTimeouts.DefaultSeconds, SessionTimeouts.HeartbeatIntervalSeconds(SessionTimeouts.DefaultSeconds))));
        app.MapDelete("/api/v1/sessions/{id}", (string id) => Results.NoContent());

        await app.RunAsync(cancellationToken).ConfigureAwait(false);
        return 0;
    }
}
