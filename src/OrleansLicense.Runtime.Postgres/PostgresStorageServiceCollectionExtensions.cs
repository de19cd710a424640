using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OrleansLicense.Runtime.Directory;
using OrleansLicense.Runtime.Membership;
using OrleansLicense.Runtime.Storage;

namespace OrleansLicense.Runtime.Postgres;

/// <summary>Registers the PostgreSQL storage providers.</summary>
public static class PostgresStorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers PostgreSQL implementations of <see cref="IGrainStateStore"/>, <see cref="IEventLogStore"/>,
    /// <see cref="IReminderTable"/>, <see cref="IMembershipTable"/> and <see cref="IGrainDirectoryStore"/>
    /// as singletons sharing one Npgsql data source (one connection pool), replacing any other
    /// registration of those interfaces. The schema is created or migrated on first use. The options
    /// are validated when the host starts (or on first resolve without a host).
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets <see cref="PostgresStorageOptions.ConnectionString"/> and any other option.</param>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    public static IServiceCollection AddPostgresStorage(this IServiceCollection services, Action<PostgresStorageOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);

        services.AddLogging();
        services.AddOptions<PostgresStorageOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PostgresStorageOptions>, PostgresStorageOptionsValidator>());
        services.TryAddSingleton<PostgresDatabase>();

        // Replace rather than TryAdd: whoever calls this chose PostgreSQL, whatever was registered before.
        services.Replace(ServiceDescriptor.Singleton<IGrainStateStore, PostgresGrainStateStore>());
        services.Replace(ServiceDescriptor.Singleton<IEventLogStore, PostgresEventLogStore>());
        services.Replace(ServiceDescriptor.Singleton<IReminderTable, PostgresReminderTable>());
        services.Replace(ServiceDescriptor.Singleton<IMembershipTable, PostgresMembershipTable>());
        services.Replace(ServiceDescriptor.Singleton<IGrainDirectoryStore, PostgresGrainDirectoryStore>());
        return services;
    }
}
