using OpenTelemetry.Metrics;
using OrleansLicense.Silo.Security;

namespace OrleansLicense.Silo.Metrics;

/// <summary>OpenTelemetry metrics with a Prometheus scrape endpoint at <c>/metrics</c> (R-OPS-2, issue #15 item 6).</summary>
internal static class MetricsServiceCollectionExtensions
{
    /// <summary>The scrape path.</summary>
    public const string Path = "/metrics";

    /// <summary>Our meter, Orleans' ("Microsoft.Orleans") and ASP.NET Core's request meters, exported for Prometheus.</summary>
    public static IServiceCollection AddLicenseMetrics(this IServiceCollection services)
    {
        services.AddSingleton<LicenseMetrics>();
        services.AddSingleton<GridSnapshotSource>();
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(LicenseMetrics.MeterName, "Microsoft.Orleans", "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel")
            .AddPrometheusExporter(options =>
            {
                // Every scrape reads the grid afresh; a cached answer would disagree with the admin API for 300 ms.
                options.ScrapeResponseCacheDurationMilliseconds = 0;
            }));
        return services;
    }

    /// <summary><c>/metrics</c>, behind the admin token and access rules; the grid's figures are read for each scrape.</summary>
    public static void MapLicenseMetrics(this IEndpointRouteBuilder routes)
    {
        routes.MapPrometheusScrapingEndpoint(
                Path,
                meterProvider: null,
                configureBranchedPipeline: branch => branch.Use(async (context, next) =>
                {
                    await context.RequestServices.GetRequiredService<GridSnapshotSource>().RefreshAsync(context.RequestAborted).ConfigureAwait(false);
                    await next(context).ConfigureAwait(false);
                }),
                optionsName: null)
            .RequireAuthorization(AdminAuthentication.Policy)
            .ExcludeFromDescription();
    }
}
