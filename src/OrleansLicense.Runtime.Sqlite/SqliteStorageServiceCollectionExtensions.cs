using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OrleansLicense.Runtime.Directory;
using OrleansLicense.Runtime.Membership;
using OrleansLicense.Runtime.Storage;

namespace OrleansLicense.Runtime.Sqlite;

/// <summary>Registers the embedded SQLite storage providers.</summary>
public static class SqliteStorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers SQLite implementations of <see cref="IGrainStateStore"/>, <see cref="IEventLogStore"/>,
    /// <see cref="IReminderTable"/>, <see cref="IMembershipTable"/> and <see cref="IGrainDirectoryStore"/>
    /// as singletons sharing one database file, replacing any other registration of those interfaces.
    /// The options are validated when the host starts (or on first resolve without a host).
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets <see cref="SqliteStorageOptions.DataSource"/> and any other option.</param>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    public static IServiceCollection AddSqliteStorage(this IServiceCollection services, Action<SqliteStorageOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);

        services.AddLogging();
        services.AddOptions<SqliteStorageOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SqliteStorageOptions>, SqliteStorageOptionsValidator>());
        services.TryAddSingleton<SqliteDatabase>();

        // Replace rather than TryAdd: whoever calls this chose SQLite, whatever was registered before.
        services.Replace(ServiceDescriptor.Singleton<IGrainStateStore, SqliteGrainStateStore>());
        services.Replace(ServiceDescriptor.Singleton<IEventLogStore, SqliteEventLogStore>());
        services.Replace(ServiceDescriptor.Singleton<IReminderTable, SqliteReminderTable>());
        services.Replace(ServiceDescriptor.Singleton<IMembershipTable, SqliteMembershipTable>());
        services.Replace(ServiceDescriptor.Singleton<IGrainDirectoryStore, SqliteGrainDirectoryStore>());
        return services;
    }
}
