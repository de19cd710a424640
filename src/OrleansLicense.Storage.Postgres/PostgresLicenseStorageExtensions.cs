using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Storage;
using OrleansLicense.Storage.EventLogs;

namespace OrleansLicense.Storage.Postgres;

/// <summary>Registers the grid storage on PostgreSQL with a silo.</summary>
public static class PostgresLicenseStorageExtensions
{
    /// <summary>Orleans' name of the Npgsql ADO.NET provider.</summary>
    internal const string Invariant = "Npgsql";

    /// <summary>The key of the one <see cref="NpgsqlDataSource"/> (connection pool) every part shares.</summary>
    internal const string DataSourceKey = "OrleansLicense.Storage.Postgres";

    /// <summary>
    /// Puts the silo's cluster on PostgreSQL: applies and checks our schema at silo start
    /// (<see cref="PostgresSchemaMigrator"/>), then Orleans' ADO.NET clustering, grain storage
    /// <see cref="LicenseStorage.StateStorageName"/> (plain System.Text.Json, no .NET type names) and
    /// reminders, the seat pools' <see cref="IEventLogStore"/> and a hosted sweep of expired grain states, all on one
    /// connection pool.
    /// </summary>
    /// <param name="builder">The silo.</param>
    /// <param name="configure">Sets <see cref="PostgresStorageOptions.ConnectionString"/>.</param>
    /// <returns>The silo, for chaining.</returns>
    public static ISiloBuilder AddPostgresLicenseStorage(this ISiloBuilder builder, Action<PostgresStorageOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return builder.AddPostgresLicenseStorage(options => options.Configure(configure));
    }

    /// <summary>
    /// As <see cref="AddPostgresLicenseStorage(ISiloBuilder, Action{PostgresStorageOptions})"/>, with the
    /// options built by the caller, for example bound from configuration:
    /// <c>o => o.BindConfiguration("Storage:Postgres")</c>.
    /// </summary>
    /// <param name="builder">The silo.</param>
    /// <param name="configureOptions">Configures the options builder.</param>
    /// <returns>The silo, for chaining.</returns>
    public static ISiloBuilder AddPostgresLicenseStorage(this ISiloBuilder builder, Action<OptionsBuilder<PostgresStorageOptions>> configureOptions)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configureOptions);
        var services = builder.Services;

        configureOptions(services.AddOptions<PostgresStorageOptions>().ValidateOnStart());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PostgresStorageOptions>, PostgresStorageOptionsValidator>());
        services.TryAddKeyedSingleton(DataSourceKey, (provider, _) => CreateDataSource(provider));
        services.TryAddSingleton(provider => new PostgresSchemaMigrator(DataSource(provider), provider.GetRequiredService<ILogger<PostgresSchemaMigrator>>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ILifecycleParticipant<ISiloLifecycle>, PostgresSchemaStartup>());
        services.AddSingleton<IEventLogStore>(provider => new PostgresEventLogStore(DataSource(provider), provider.GetRequiredService<ILogger<PostgresEventLogStore>>()));

        // Deletes the rows of states past their forget-after time (#12 storage growth), on every silo.
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(provider => new PostgresExpiredStateSweeper(
            DataSource(provider),
            provider.GetRequiredService<IOptions<PostgresStorageOptions>>(),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILogger<PostgresExpiredStateSweeper>>()));
        services.AddHostedService(static provider => provider.GetRequiredService<PostgresExpiredStateSweeper>());

        builder.UseAdoNetClustering(options => options.Configure<IServiceProvider>((o, provider) =>
        {
            o.Invariant = Invariant;
            o.DataSource = DataSource(provider);
        }));
        builder.AddAdoNetGrainStorage(LicenseStorage.StateStorageName, options => options.Configure<IServiceProvider>((o, provider) =>
        {
            o.Invariant = Invariant;
            o.DataSource = DataSource(provider);

            // A cleared state leaves no row, as on SQLite: refused logins and returned borrows clear theirs, and a row
            // with a NULL payload for each would pile up for good.
            o.DeleteStateOnClear = true;

            // Orleans' System.Text.Json serializer for this storage only: plain JSON documents (the
            // silo-wide default is Newtonsoft JSON with .NET type names in every row).
            o.GrainStorageSerializer = new SystemTextJsonGrainStorageSerializer(provider.GetRequiredService<IOptions<SystemTextJsonGrainStorageSerializerOptions>>());
        }));
        builder.UseAdoNetReminderService(options => options.Configure<IServiceProvider>((o, provider) =>
        {
            o.Invariant = Invariant;
            o.DataSource = DataSource(provider);
        }));
        return builder;
    }

    private static NpgsqlDataSource DataSource(IServiceProvider provider) => provider.GetRequiredKeyedService<NpgsqlDataSource>(DataSourceKey);

    private static NpgsqlDataSource CreateDataSource(IServiceProvider provider)
    {
        var options = provider.GetRequiredService<IOptions<PostgresStorageOptions>>().Value;
        var builder = new NpgsqlDataSourceBuilder(options.ConnectionString);
        if (provider.GetService<ILoggerFactory>() is { } loggerFactory)
        {
            builder.UseLoggerFactory(loggerFactory);
        }

        return builder.Build();
    }
}
