using OrleansLicense.Silo.Security;

namespace OrleansLicense.Silo.Endpoints.Admin;

/// <summary>The admin API (API.md "Admin API"), every endpoint behind the admin bearer token.</summary>
internal static class AdminEndpoints
{
    /// <summary>The log category of admin actions.</summary>
    public const string LogCategory = "OrleansLicense.Silo.Admin";

    public static void MapAdminEndpoints(this IEndpointRouteBuilder routes)
    {
        var admin = routes.MapGroup("/api/v1/admin").RequireAuthorization(AdminAuthentication.Policy);
        admin.MapLicenseEndpoints();
        admin.MapTrustedKeyEndpoints();
        admin.MapSessionAdminEndpoints();
        admin.MapSettingsEndpoints();
        admin.MapStatusEndpoints();
        admin.MapFaultEndpoints();
    }
}
