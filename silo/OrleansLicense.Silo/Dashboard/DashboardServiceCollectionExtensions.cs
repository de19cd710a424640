using Microsoft.Extensions.DependencyInjection.Extensions;
using OrleansLicense.Silo.Dashboard;
using OrleansLicense.Silo.Dashboard.Logs;

// In the framework's namespace, as ASP.NET Core's own Add… extensions are, so the silo's service
// registration calls it without another using.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the console's services: the bundle, the in-memory log and the statistics history.</summary>
internal static class DashboardServiceCollectionExtensions
{
    /// <summary>Adds the console (R-OPS-3). Its log buffer is filled by the silo's Serilog logger (SerilogSetup).</summary>
    public static IServiceCollection AddDashboard(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<DashboardBundle>();
        services.TryAddSingleton<DashboardLogBuffer>();
        services.TryAddSingleton<ClusterStatisticsHistory>();
        services.ConfigureHttpJsonOptions(options => options.SerializerOptions.TypeInfoResolverChain.Insert(0, DashboardJsonContext.Default));
        return services;
    }
}
