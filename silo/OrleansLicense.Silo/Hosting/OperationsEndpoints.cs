using OrleansLicense.Silo.Hosting.Network;
using OrleansLicense.Silo.Metrics;
using OrleansLicense.Silo.Security.Access;

namespace OrleansLicense.Silo.Hosting;

/// <summary>Maps the operations endpoints of issue #15: network settings, admin access rules, metrics.</summary>
internal static class OperationsEndpoints
{
    public static void MapOperationsEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapNetworkEndpoints();
        routes.MapAccessEndpoints();
        routes.MapLicenseMetrics();
    }
}
