using OrleansLicense.Silo.Hosting.Network;

namespace OrleansLicense.Silo.Hosting;

/// <summary>Maps the operations endpoints of issue #15: network settings, admin access rules, metrics.</summary>
internal static class OperationsEndpoints
{
    public static void MapOperationsEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapNetworkEndpoints();
    }
}
