using OrleansLicense.Silo.Dashboard;

// In the framework's namespace, as ASP.NET Core's own Use… extensions are, so the pipeline in
// SiloApplication calls it without another using.
namespace Microsoft.AspNetCore.Builder;

/// <summary>Serves the dashboard's built files under <c>/dashboard</c>.</summary>
internal static class DashboardApplicationBuilderExtensions
{
    /// <summary>
    /// Serves the bundle's scripts, styles and icon. The page itself is an endpoint
    /// (<see cref="OrleansLicense.Silo.Endpoints.Dashboard.DashboardEndpoints"/>), so <c>/dashboard</c> answers even
    /// before the front end is built. Static files need no admin token: they hold no data, and the
    /// page asks for the token before calling the API.
    /// </summary>
    public static IApplicationBuilder UseDashboardFiles(this IApplicationBuilder app)
    {
        var bundle = app.ApplicationServices.GetRequiredService<DashboardBundle>();
        if (!bundle.IsBuilt)
        {
            var logger = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DashboardBundle).FullName!);
            DashboardLog.LogWarningBundleMissing(logger, bundle.Folder);
        }

        return app.UseStaticFiles(new StaticFileOptions
        {
            RequestPath = DashboardBundle.RequestPath,
            FileProvider = bundle.Files,
            OnPrepareResponse = file => DashboardHeaders.ApplyToFile(file.Context.Response, file.Context.Request.Path.StartsWithSegments(DashboardBundle.RequestPath, out var rest) ? rest : file.Context.Request.Path),
        });
    }
}
