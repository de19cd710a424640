using Microsoft.Extensions.Options;
using Orleans.Hosting;

namespace OrleansLicense.Storage.Sqlite;

/// <summary>Puts the embedded default's storage (one silo, one SQLite file) into a silo.</summary>
public static class SqliteLicenseStorageExtensions
{
    /// <summary>
    /// Registers, on one SQLite file: the group-committing Orleans grain storage named
    /// <see cref="LicenseStorage.StateStorageName"/> (<c>license-state</c>), an Orleans reminder table
    /// with Orleans' reminder service (reminders survive a restart of the silo), and the seat pools'
    /// <see cref="OrleansLicense.Storage.EventLogs.IEventLogStore"/>. The file is created or its schema checked when the silo
    /// starts; the options are validated then too.
    /// </summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="configure">Sets <see cref="SqliteStorageOptions.DataSource"/> and any other option.</param>
    /// <returns><paramref name="builder"/>, for chaining.</returns>
    public static ISiloBuilder AddSqliteLicenseStorage(this ISiloBuilder builder, Action<SqliteStorageOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return builder.AddSqliteLicenseStorage(options => options.Configure(configure));
    }

    /// <summary>
    /// Like <see cref="AddSqliteLicenseStorage(ISiloBuilder, Action{SqliteStorageOptions})"/>, with the
    /// options builder, e.g. to bind a configuration section and set the path from the data folder:
    /// <c>o =&gt; o.BindConfiguration("Sqlite").PostConfigure(s =&gt; s.DataSource = Path.Combine(dataFolder, "license.db"))</c>.
    /// </summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="configureOptions">Configures <see cref="SqliteStorageOptions"/> through its options builder.</param>
    /// <returns><paramref name="builder"/>, for chaining.</returns>
    public static ISiloBuilder AddSqliteLicenseStorage(this ISiloBuilder builder, Action<OptionsBuilder<SqliteStorageOptions>> configureOptions)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configureOptions);
        builder.AddReminders();
        builder.Services.AddSqliteLicenseStorageServices(configureOptions);
        return builder;
    }
}
