using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Runtime;
using Orleans.Runtime.Hosting;
using OrleansLicense.Storage.EventLogs;
using OrleansLicense.Storage.Sqlite.Database;
using OrleansLicense.Storage.Sqlite.EventLogs;
using OrleansLicense.Storage.Sqlite.GrainState;
using OrleansLicense.Storage.Sqlite.Reminders;

namespace OrleansLicense.Storage.Sqlite;

/// <summary>The service registrations behind <see cref="SqliteLicenseStorageExtensions"/>, usable without a silo (tests).</summary>
internal static class SqliteStorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers one <see cref="SqliteDatabase"/> and, on it, the grain storage named
    /// <see cref="LicenseStorage.StateStorageName"/>, the reminder table, the event log store and the hosted sweep of
    /// expired grain states.
    /// A second call only adds its option configuration.
    /// </summary>
    public static IServiceCollection AddSqliteLicenseStorageServices(this IServiceCollection services, Action<OptionsBuilder<SqliteStorageOptions>> configureOptions)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configureOptions);

        configureOptions(services.AddOptions<SqliteStorageOptions>().ValidateOnStart());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SqliteStorageOptions>, SqliteStorageOptionsValidator>());
        if (services.Any(d => d.ServiceType == typeof(SqliteDatabase)))
        {
            return services;
        }

        services.AddOptions<SqliteStateJsonOptions>();
        services.AddSingleton<SqliteDatabase>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, SqliteStorageStartup>();

        // Deletes the rows of states past their forget-after time (#12 storage growth).
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<SqliteExpiredStateSweeper>();
        services.AddHostedService(static sp => sp.GetRequiredService<SqliteExpiredStateSweeper>());

        services.AddGrainStorage(LicenseStorage.StateStorageName, static (sp, name) => new SqliteGrainStorage(
            name,
            sp.GetRequiredService<SqliteDatabase>(),
            sp.GetRequiredService<IOptions<SqliteStateJsonOptions>>().Value.JsonSerializerOptions));

        // Added last, so this table serves even if another was registered before (the last registration wins).
        services.AddSingleton<SqliteReminderTable>();
        services.AddSingleton<IReminderTable>(static sp => sp.GetRequiredService<SqliteReminderTable>());

        // Replace rather than add: whoever calls this chose SQLite for the seat pools' logs.
        services.RemoveAll<IEventLogStore>();
        services.AddSingleton<IEventLogStore, SqliteEventLogStore>();
        return services;
    }
}
