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
        services.TryAddSingleton(sp => new Statistics.ProcessStatisticsSampler(sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<GrainActivator>();
        services.AddSingleton<Catalog>();
        services.AddSingleton(sp => new Lazy<Catalog>(sp.GetRequiredService<Catalog>));
        services.AddSingleton<ActivationServices>();
        services.AddSingleton(sp => new Lazy<ActivationServices>(sp.GetRequiredService<ActivationServices>));
        services.AddOptions<Cluster.ClusterOptions>();
        services.AddSingleton(sp =>
        {
            var cluster = sp.GetRequiredService<IOptions<Cluster.ClusterOptions>>().Value;
            var generation = sp.GetRequiredService<TimeProvider>().GetUtcNow().ToUnixTimeMilliseconds();

            // Generation = start epoch: a restarted process on the same port is a new silo.
            var self = cluster.Enabled
                ? new Membership.SiloAddress(cluster.AdvertisedHost, cluster.SiloPort, generation)
                : new Membership.SiloAddress("local", 0, generation);
            return new Cluster.ClusterView(self, cluster.Enabled);
        });
        services.AddSingleton<Directory.GrainLocationCache>();
        services.AddSingleton<Messaging.Remote.PartitionSwitch>();
        services.AddSingleton<Messaging.Remote.MessagingJsonOptions>();
        services.AddSingleton<Messaging.Remote.CallCodec>();
        services.AddSingleton<Messaging.Remote.SiloTransport>();
        services.AddSingleton<Cluster.ClusterRouter>();
        services.AddSingleton<Cluster.MembershipAgent>();
        services.AddSingleton<Cluster.LeaderDuties>();
        services.AddSingleton<Messaging.Remote.SiloMessageServer>();
        services.AddSingleton<Directory.IActivationDirectory>(sp => sp.GetRequiredService<Cluster.ClusterView>().Clustered
            ? ActivatorUtilities.CreateInstance<Directory.ClusterActivationDirectory>(sp)
            : new Directory.LocalActivationDirectory());
        services.TryAddSingleton<IGrainCallInvoker>(sp => sp.GetRequiredService<Cluster.ClusterView>().Clustered
            ? sp.GetRequiredService<Cluster.ClusterRouter>()
            : sp.GetRequiredService<Catalog>());
        services.AddSingleton<GrainFactory>();
        services.AddSingleton<IGrainFactory>(sp => sp.GetRequiredService<GrainFactory>());
        services.AddSingleton(sp => new Lazy<IGrainFactory>(sp.GetRequiredService<IGrainFactory>));
        services.AddSingleton<ReminderService>();
        services.AddSingleton(sp => new SiloRuntime(sp));
        services.AddHostedService(sp => sp.GetRequiredService<SiloRuntime>());
        return services;
    }
}
