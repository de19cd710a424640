using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansLicense.Runtime.Cluster;
using OrleansLicense.Runtime.Membership;

namespace OrleansLicense.Runtime.Messaging.Remote;

/// <summary>
/// The receiving side of silo-to-silo messaging: its own Kestrel listener on the silo port,
/// HTTP/2 only (h2c: Kestrel speaks cleartext HTTP/2 only on an endpoint that allows nothing
/// else). Answers pings, indirect probes and grain calls; refuses other clusters and dead senders.
/// </summary>
internal sealed partial class SiloMessageServer(
    IOptions<ClusterOptions> options,
    ClusterView view,
    PartitionSwitch partition,
    SiloTransport transport,
    ClusterRouter router,
    Activation.Catalog catalog,
    Statistics.ProcessStatisticsSampler process,
    MessagingJsonOptions json,
    ILoggerFactory loggerFactory) : IAsyncDisposable
{
    private readonly ILogger _logger = loggerFactory.CreateLogger<SiloMessageServer>();
    private WebApplication? _app;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var value = options.Value;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggerFactory);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            var address = IPAddress.Parse(value.ListenHost ?? (value.AdvertisedHost == "localhost" ? "127.0.0.1" : value.AdvertisedHost));
            kestrel.Listen(address, value.SiloPort, listen => listen.Protocols = HttpProtocols.Http2);
            kestrel.Limits.Http2.MaxStreamsPerConnection = 1000;
        });
        var app = builder.Build();
        app.MapGet("/olic/v1/ping", (HttpContext context) => Blocked(context) ? Results.StatusCode(503) : Results.Text(view.Self.ToString()));
        app.MapPost("/olic/v1/probe", async (HttpContext context, string target) =>
        {
            if (Blocked(context))
            {
                return Results.StatusCode(503);
            }

            var answered = await transport.PingAsync(SiloAddress.Parse(target), context.RequestAborted).ConfigureAwait(false);
            return Results.Text(answered ? "true" : "false");
        });
        app.MapGet("/olic/v1/stats", (HttpContext context) => Blocked(context)
            ? Results.StatusCode(503)
            : Results.Json(new Statistics.SiloStatistics(catalog.Count, process.Sample()), json.SerializerOptions));
        app.MapPost("/olic/v1/invoke", (Func<HttpContext, Task<IResult>>)InvokeAsync);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        _app = app;
        LogInformationListening(_logger, value.SiloPort);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is not null)
        {
            await _app.StopAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync().ConfigureAwait(false);
        }
    }

    private bool Blocked(HttpContext context)
    {
        if (partition.Blocked)
        {
            context.Abort();
            return true;
        }

        return false;
    }

    private async Task<IResult> InvokeAsync(HttpContext context)
    {
        if (Blocked(context))
        {
            return Results.StatusCode(503);
        }

        if (!string.Equals(context.Request.Headers[SiloHeaders.Cluster], options.Value.ClusterId, StringComparison.Ordinal))
        {
            return Results.Text($"This silo belongs to cluster '{options.Value.ClusterId}'.", statusCode: 403);
        }

        if (SiloAddress.TryParse(context.Request.Headers[SiloHeaders.Sender], out var sender) && view.IsDead(sender))
        {
            // Traffic from a generation the cluster declared dead is refused: it must restart and rejoin.
            return Results.Text($"Silo {sender} was declared dead.", statusCode: 403);
        }

        if (view.SelfStatus == SiloStatus.Dead)
        {
            return Results.Text("This silo was declared dead.", statusCode: 503);
        }

        var request = await context.Request.ReadFromJsonAsync<WireRequest>(json.SerializerOptions, context.RequestAborted).ConfigureAwait(false);
        if (request is null)
        {
            return Results.BadRequest();
        }

        var response = await router.InvokeIncomingAsync(request, context.RequestAborted).ConfigureAwait(false);
        return Results.Json(response, json.SerializerOptions);
    }

    [LoggerMessage(EventId = 2101, Level = LogLevel.Information, Message = "Silo-to-silo messaging listening on port {Port} (HTTP/2)")]
    private static partial void LogInformationListening(ILogger logger, int port);
}
