namespace OrleansLicense.Silo.Endpoints.Dashboard;

/// <summary><c>/dashboard</c>: a placeholder page until the dashboard (R-OPS-3) is built.</summary>
internal static class DashboardEndpoints
{
    private const string Page = """
        <!doctype html>
        <html lang="en">
        <head><meta charset="utf-8"><title>OrleansLicense</title></head>
        <body>
        <h1>OrleansLicense</h1>
        <p>The dashboard is not built yet. Meanwhile use the <code>olic</code> command line
        (<code>olic status</code>, <code>olic license list</code>, <code>olic session list</code>)
        or the API described at <a href="/openapi/v1.json">/openapi/v1.json</a>.</p>
        </body>
        </html>
        """;

    public static void MapDashboardEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/dashboard", () => Results.Content(Page, "text/html; charset=utf-8"))
            .WithTags("Dashboard")
            .WithName("Dashboard")
            .WithSummary("The web dashboard")
            .WithDescription("A placeholder page for now.")
            .ExcludeFromDescription();
    }
}
