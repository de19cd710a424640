using OrleansLicense.Silo.Dashboard;

namespace OrleansLicense.Silo.Endpoints.Dashboard;

/// <summary>
/// <c>/dashboard</c>: the web dashboard (R-OPS-3), a single page that signs in with the admin token
/// and then uses the admin API; plus the few admin endpoints only the dashboard needs.
/// </summary>
internal static class DashboardEndpoints
{
    /// <summary>Shown when the front end has not been built, instead of a bare 404.</summary>
    private const string NotBuiltPage = """
        <!doctype html>
        <html lang="en">
        <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>OrleansLicense</title></head>
        <body>
        <h1>OrleansLicense</h1>
        <p>The dashboard's front end is not built. <code>dotnet build</code> of the silo builds it (it runs
        <code>npm ci</code> and <code>npm run build</code> in <code>silo/OrleansLicense.Silo/dashboard-ui</code>, which needs Node.js 20).
        Meanwhile use the <code>olic</code> command line (<code>olic status</code>, <code>olic license list</code>,
        <code>olic session list</code>) or the API described at <a href="/openapi/v1.json">/openapi/v1.json</a>.</p>
        </body>
        </html>
        """;

    public static void MapDashboardEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet(DashboardBundle.RequestPath, ServePage)
            .WithTags("Dashboard")
            .WithName("Dashboard")
            .WithSummary("The web dashboard")
            .WithDescription("The dashboard's page; it asks for the admin token and keeps it in the tab's session storage.")
            .ExcludeFromDescription();

        routes.MapDashboardApi();
    }

    private static IResult ServePage(HttpContext context, DashboardBundle bundle)
    {
        DashboardHeaders.ApplyToPage(context.Response);
        return bundle.IsBuilt
            ? TypedResults.PhysicalFile(bundle.IndexPath, "text/html; charset=utf-8")
            : TypedResults.Content(NotBuiltPage, "text/html; charset=utf-8");
    }
}
