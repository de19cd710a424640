using OrleansLicense.Silo.Security;

namespace OrleansLicense.Silo.Endpoints.Borrows;

/// <summary>
/// Borrowing, usage statistics and peaks: the client API (<c>/api/v1/borrows</c>, <c>/api/v1/usage</c>) and the admin
/// API (<c>/api/v1/admin/borrows</c>, <c>/server-key</c>, <c>/usage</c>, <c>/peaks</c>, behind the admin token).
/// </summary>
internal static class BorrowEndpoints
{
    public static void MapBorrowEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapBorrowGatewayEndpoints();
        routes.MapUsageGatewayEndpoints();
        var admin = routes.MapGroup("/api/v1/admin").RequireAuthorization(AdminAuthentication.Policy);
        admin.MapBorrowAdminEndpoints();
        admin.MapUsageAdminEndpoints();
        admin.MapPeakAdminEndpoints();
    }
}
