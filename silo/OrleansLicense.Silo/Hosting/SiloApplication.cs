using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;
using Orleans.Dashboard;
using OrleansLicense.Silo.AccessLog;
using OrleansLicense.Silo.Configuration;
using OrleansLicense.Silo.Endpoints;
using OrleansLicense.Silo.Errors;
using OrleansLicense.Silo.Hosting.Network;
using OrleansLicense.Silo.Security;

namespace OrleansLicense.Silo.Hosting;

/// <summary>Builds the silo's web application: configuration, services, middleware, endpoints.</summary>
public static class SiloApplication
{
    /// <summary>Builds the silo from command line arguments.</summary>
    /// <param name="args">The command line (<c>--data DIR</c>, <c>--port N</c>, <c>--silo-port N</c>, <c>--gateway-port N</c>, <c>--listen ADDRESS</c>, or any <c>--Section:Key value</c>).</param>
    /// <param name="configure">Last changes before the app is built (tests, embedding).</param>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        args = SiloCommandLine.Normalize(args);
        var builder = WebApplication.CreateBuilder(args);
        AddDefaultSettingsFile(builder.Configuration);
        builder.Configuration.AddSiloSources(args);
        builder.Configuration.AddNetworkSettingsFile();
        builder.AddSilo();
        configure?.Invoke(builder);

        var app = builder.Build();
        app.UseMiddleware<AccessLogMiddleware>();
        app.UseMiddleware<ErrorHandlingMiddleware>();
        app.UseMiddleware<Triad.TriadFenceMiddleware>();
        app.UseStatusCodePages(StatusCodeProblems.WriteAsync);
        app.UseMiddleware<RequestBodyLimitMiddleware>();
        app.UseDashboardFiles();
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapOpenApi();
        app.MapSiloEndpoints();
        app.MapOperationsEndpoints();

        // Orleans' own dashboard has no authentication of its own: every page, file and JSON endpoint it maps needs the
        // admin token (or the signed-in console's cookie). Its routes are its own business, not our API's document.
        app.MapOrleansDashboard(routePrefix: OrleansDashboardCookie.Path)
            .RequireAuthorization(AdminAuthentication.Policy)
            .ExcludeFromDescription();
        return app;
    }

    /// <summary>
    /// Reads the appsettings.json shipped beside the program first (lowest precedence), so its
    /// defaults apply when the silo is started from another folder (<c>dotnet run --project</c>,
    /// a service manager): the content root, where the usual appsettings.json is looked up, is the
    /// current directory, which also anchors the default data folder.
    /// </summary>
    private static void AddDefaultSettingsFile(IConfigurationBuilder configuration)
    {
        var programFolder = AppContext.BaseDirectory;
        if (string.Equals(Path.GetFullPath(programFolder).TrimEnd(Path.DirectorySeparatorChar), Directory.GetCurrentDirectory().TrimEnd(Path.DirectorySeparatorChar), StringComparison.Ordinal))
        {
            return;
        }

        configuration.Sources.Insert(0, new JsonConfigurationSource
        {
            FileProvider = new PhysicalFileProvider(programFolder),
            Path = "appsettings.json",
            Optional = true,
            ReloadOnChange = false,
        });
    }
}
