using OrleansLicense.Silo.Backup;
using OrleansLicense.Silo.Endpoints.Admin;
using OrleansLicense.Silo.Endpoints.Agents;
using OrleansLicense.Silo.Endpoints.Borrows;
using OrleansLicense.Silo.Endpoints.Dashboard;
using OrleansLicense.Silo.Endpoints.Gateway;
using OrleansLicense.Silo.Triad;

namespace OrleansLicense.Silo.Endpoints;

/// <summary>Maps every endpoint of the silo.</summary>
internal static class SiloEndpoints
{
    public static void MapSiloEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapSessionEndpoints();
        routes.MapClusterEndpoints();
        routes.MapHealthEndpoints();
        routes.MapAdminEndpoints();
        routes.MapDashboardEndpoints();
        routes.MapBorrowEndpoints();
        routes.MapAgentEndpoints();
        routes.MapTriadEndpoints();
        routes.MapBackupEndpoints();
        routes.MapBackupLinkEndpoints();
    }
}
