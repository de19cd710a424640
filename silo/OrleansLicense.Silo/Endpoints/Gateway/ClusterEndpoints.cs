using Microsoft.Extensions.Options;
using OrleansLicense.Contracts.Cluster;
using OrleansLicense.Grains.Hosting;
using OrleansLicense.Silo.Cluster;

namespace OrleansLicense.Silo.Endpoints.Gateway;

/// <summary><c>GET /api/v1/cluster/gateways</c>: where clients may connect: every active silo's HTTP and Orleans gateway.</summary>
internal static class ClusterEndpoints
{
    public static void MapClusterEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/v1/cluster/gateways", Get)
            .WithTags("Cluster")
            .WithName("GetGateways")
            .WithSummary("List the gateways")
            .WithDescription("The cluster's id and, for every active silo, the base URL of its HTTP gateway API and its Orleans gateway (olic://host:port), "
                + "as the silos' configuration gives them (for failover).")
            .Produces<GatewaysResponse>();
    }

    // Built from what each silo announced from its configuration, never from the request (issue #14 item 4).
    private static IResult Get(GatewayList gateways, IOptions<LicensingOptions> licensing)
        => Results.Ok(new GatewaysResponse(licensing.Value.ClusterId, gateways.Current()));
}
