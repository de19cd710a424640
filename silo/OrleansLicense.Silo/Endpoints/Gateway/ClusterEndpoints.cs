using Microsoft.Extensions.Options;
using OrleansLicense.Contracts.Cluster;
using OrleansLicense.Grains.Hosting;
using OrleansLicense.Runtime.Hosting;
using OrleansLicense.Silo.Hosting;

namespace OrleansLicense.Silo.Endpoints.Gateway;

/// <summary><c>GET /api/v1/cluster/gateways</c>: where clients may connect (a single silo: itself; a grid: every Active silo).</summary>
internal static class ClusterEndpoints
{
    public static void MapClusterEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/v1/cluster/gateways", (HttpContext context, SiloUrls urls, IOptions<LicensingOptions> licensing, SiloRuntime runtime)
                => Results.Ok(new GatewaysResponse(
                    licensing.Value.ClusterId,
                    runtime.View.Clustered
                        ? [.. runtime.View.Active.Select(e => e.GatewayUrl).Where(u => u.Length > 0)]
                        : urls.Gateways(context.Request))))
            .WithTags("Cluster")
            .WithName("GetGateways")
            .WithSummary("List the gateways")
            .WithDescription("The cluster's id and the base URLs clients may send gateway calls to (for failover).")
            .Produces<GatewaysResponse>();
    }
}
