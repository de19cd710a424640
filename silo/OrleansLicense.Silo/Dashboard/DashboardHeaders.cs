namespace OrleansLicense.Silo.Dashboard;

/// <summary>Response headers of the dashboard's page and files.</summary>
internal static class DashboardHeaders
{
    /// <summary>
    /// Scripts, styles and calls from this origin only; no inline script or style (the front end
    /// sets styles through the CSSOM). The admin token sits in the page's storage, so injected
    /// script must have nowhere to run and nowhere to send it.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
        + "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>The page itself: never cached, so a new build shows after a reload.</summary>
    public static void ApplyToPage(HttpResponse response)
    {
        ApplySecurity(response);
        response.Headers.CacheControl = "no-cache";
    }

    /// <summary>
    /// A file of the bundle: Vite names the scripts and styles under assets/ by content hash, so
    /// they can be cached for good; anything else is revalidated.
    /// </summary>
    public static void ApplyToFile(HttpResponse response, PathString path)
    {
        ApplySecurity(response);
        response.Headers.CacheControl = path.StartsWithSegments("/assets", StringComparison.Ordinal)
            ? "public, max-age=31536000, immutable"
            : "no-cache";
    }

    private static void ApplySecurity(HttpResponse response)
    {
        var headers = response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
    }
}
