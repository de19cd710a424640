using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OrleansLicense.Runtime.Activation;
using OrleansLicense.Runtime.Filters;
using OrleansLicense.Runtime.Grains;
using OrleansLicense.Runtime.Messaging;
using OrleansLicense.Runtime.Reminders;

namespace OrleansLicense.Runtime.Hosting;

/// <summary>Adds the grain runtime to a host.</summary>
public static class RuntimeServiceCollectionExtensions
{
    /// <summary>
    /// Adds a silo: the catalog, grain factory, reminders, idle collection and call statistics.
    /// A storage provider (e.g. AddSqliteStorage) must be added too.
    /// </summary>
    public static IServiceCollection AddOrleansLicenseRuntime(this IServiceCollection services, Action<RuntimeBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var builder = new RuntimeBuilder(services);
        configure(builder);

        services.AddOptions<RuntimeOptions>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RuntimeOptions>, RuntimeOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(new GrainTypeRegistry(builder.GrainClasses));
        services.AddSingleton(sp => RuntimeBuilder.BuildJson(sp.GetServices<RuntimeBuilder.JsonConfiguration>()));
        services.AddSingleton<RuntimeOptionsSnapshot>();
        services.AddSingleton<CallStatistics>();
        services.AddSingleton<GrainActivator>();
        services.AddSingleton<Catalog>();
        services.AddSingleton(sp => new Lazy<Catalog>(sp.GetRequiredService<Catalog>));
        services.AddSingleton<ActivationServices>();
        services.AddSingleton(sp => new Lazy<ActivationServices>(sp.GetRequiredService<ActivationServices>));
        services.TryAddSingleton<IGrainCallInvoker>(sp => sp.GetRequiredService<Catalog>());
        services.AddSingleton<GrainFactory>();
        services.AddSingleton<IGrainFactory>(sp => sp.GetRequiredService<GrainFactory>());
        services.AddSingleton(sp => new Lazy<IGrainFactory>(sp.GetRequiredService<IGrainFactory>));
        services.AddSingleton<ReminderService>();
        services.AddSingleton(sp => new SiloRuntime(
            sp.GetRequiredService<Catalog>(),
            sp.GetRequiredService<ReminderService>(),
            sp.GetRequiredService<CallStatistics>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<RuntimeOptionsSnapshot>(),
            sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<SiloRuntime>>()));
        services.AddHostedService(sp => sp.GetRequiredService<SiloRuntime>());
        return services;
    }
}
