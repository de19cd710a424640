using Microsoft.Extensions.DependencyInjection.Extensions;
using OrleansLicense.Silo.Dashboard;
using OrleansLicense.Silo.Dashboard.Logs;

// In the framework's namespace, as ASP.NET Core's own Add… extensions are, so the silo's service
// registration calls it without another using.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the dashboard's services: the bundle, the process sampler and the in-memory log.</summary>
internal static class DashboardServiceCollectionExtensions
{
    /// <summary>Adds the dashboard (R-OPS-3). Call after the logging setup, which clears the logger providers.</summary>
    public static IServiceCollection AddDashboard(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<DashboardBundle>();
        services.TryAddSingleton<DashboardLogBuffer>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ILoggerProvider, DashboardLoggerProvider>());

        // The same levels as the silo's own log (SerilogSetup): the framework's per-request lines
        // would push the silo's entries out of the 500 kept. Other categories can be set under
        // Logging:Dashboard:LogLevel (e.g. OrleansLicense.Runtime: Debug).
        services.Configure<LoggerFilterOptions>(options =>
        {
            options.AddFilter<DashboardLoggerProvider>(category: null, LogLevel.Information);
            options.AddFilter<DashboardLoggerProvider>("Microsoft.AspNetCore", LogLevel.Warning);
            options.AddFilter<DashboardLoggerProvider>("System.Net.Http.HttpClient", LogLevel.Warning);
            options.AddFilter<DashboardLoggerProvider>("OrleansLicense.Silo.Security.AdminTokenAuthenticationHandler", LogLevel.Warning);
        });

        services.ConfigureHttpJsonOptions(options => options.SerializerOptions.TypeInfoResolverChain.Insert(0, DashboardJsonContext.Default));
        return services;
    }
}
