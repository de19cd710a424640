using Microsoft.Extensions.Options;
using OrleansLicense.Contracts.Cluster;
using OrleansLicense.Grains.Hosting;
using OrleansLicense.Silo.Cluster;
using OrleansLicense.Silo.Configuration;
using OrleansLicense.Silo.Hosting;

namespace OrleansLicense.Silo.Endpoints.Gateway;

/// <summary><c>GET /api/v1/cluster/gateways</c>: where clients may connect (a single silo: itself; a grid: every Active silo).</summary>
internal static class ClusterEndpoints
{
    public static void MapClusterEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/v1/cluster/gateways", GetAsync)
            .WithTags("Cluster")
            .WithName("GetGateways")
            .WithSummary("List the gateways")
            .WithDescription("The cluster's id and the base URLs clients may send gateway calls to (for failover).")
            .Produces<GatewaysResponse>();
    }

    private static async Task<IResult> GetAsync(
        HttpContext context,
        SiloUrls urls,
        ClusterMembers cluster,
        IOptions<SiloOptions> silo,
        IOptions<LicensingOptions> licensing,
        CancellationToken cancellationToken)
    {
        if (!silo.Value.IsGrid)
        {
            return Results.Ok(new GatewaysResponse(licensing.Value.ClusterId, urls.Gateways(context.Request)));
        }

        // Each silo announces its URL in Orleans' silo metadata; a silo whose metadata has not arrived yet is left out.
        var members = await cluster.ListAsync(cancellationToken).ConfigureAwait(false);
        return Results.Ok(new GatewaysResponse(
            licensing.Value.ClusterId,
            [.. members.Where(m => m.IsActive && m.GatewayUrl is { Length: > 0 }).Select(m => m.GatewayUrl!)]));
    }
}
