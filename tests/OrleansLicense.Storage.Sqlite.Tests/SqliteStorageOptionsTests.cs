using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Storage;
using OrleansLicense.Storage.EventLogs;
using OrleansLicense.Storage.Sqlite.Database;

namespace OrleansLicense.Storage.Sqlite.Tests;

public sealed class SqliteStorageOptionsTests
{
    private static ValidateOptionsResult Validate(Action<SqliteStorageOptions> change)
    {
        var options = new SqliteStorageOptions { DataSource = "/tmp/x.db" };
        change(options);
        return new SqliteStorageOptionsValidator().Validate(null, options);
    }

    [Fact]
    public void Defaults_are_durable()
    {
        var options = new SqliteStorageOptions();

        Assert.Equal("", options.DataSource);
        Assert.Equal(SqliteSynchronous.Full, options.Synchronous);
        Assert.Equal(TimeSpan.FromSeconds(5), options.BusyTimeout);
        Assert.Equal(512, options.MaxWritesPerCommit);
    }

    [Fact]
    public void A_file_path_validates()
    {
        Assert.True(Validate(_ => { }).Succeeded);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData(":memory:")]
    [InlineData("file:x.db?mode=memory")]
    public void Data_source_must_be_a_file_path(string dataSource)
    {
        var result = Validate(o => o.DataSource = dataSource);

        Assert.True(result.Failed);
        Assert.Contains("DataSource", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("00:00:00.999", false)]
    [InlineData("00:00:01", true)]
    [InlineData("00:05:00", true)]
    [InlineData("1.00:00:00", true)]
    [InlineData("1.00:00:01", false)]
    public void The_expired_state_sweep_runs_between_every_second_and_once_a_day(string interval, bool valid)
    {
        var result = Validate(o => o.ExpiredStateSweepInterval = TimeSpan.Parse(interval, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(valid, result.Succeeded);
        if (!valid)
        {
            Assert.Contains("ExpiredStateSweepInterval", result.FailureMessage, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Busy_timeout_must_not_be_negative()
    {
        Assert.True(Validate(o => o.BusyTimeout = TimeSpan.FromSeconds(-1)).Failed);
    }

    [Fact]
    public void Synchronous_must_be_a_known_level()
    {
        Assert.True(Validate(o => o.Synchronous = (SqliteSynchronous)7).Failed);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(100_001)]
    public void Writes_per_commit_must_be_in_range(int value)
    {
        Assert.True(Validate(o => o.MaxWritesPerCommit = value).Failed);
    }

    [Fact]
    public void Invalid_options_fail_when_the_storage_is_resolved()
    {
        var services = new ServiceCollection().AddLogging().AddSqliteLicenseStorageServices(o => o.Configure(s => s.DataSource = ""));
        using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredKeyedService<IGrainStorage>(LicenseStorage.StateStorageName));

        Assert.Contains("DataSource must be the path of the database file", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Registration_provides_the_grain_storage_reminder_table_and_event_log_store_on_one_database()
    {
        var services = new ServiceCollection().AddLogging().AddSqliteLicenseStorageServices(o => o.Configure(s => s.DataSource = "/tmp/unused.db"));
        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });

        Assert.Same(
            provider.GetRequiredKeyedService<IGrainStorage>(LicenseStorage.StateStorageName),
            provider.GetRequiredKeyedService<IGrainStorage>(LicenseStorage.StateStorageName));
        Assert.NotNull(provider.GetRequiredService<IReminderTable>());
        Assert.NotNull(provider.GetRequiredService<IEventLogStore>());
        Assert.Single(services, d => d.ServiceType == typeof(SqliteDatabase));
        Assert.Single(services, d => d.ServiceType == typeof(IEventLogStore));
    }

    [Fact]
    public void The_options_bind_a_configuration_section_and_a_later_call_adds_its_configuration()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Sqlite:Synchronous"] = "Normal",
            ["Sqlite:BusyTimeout"] = "00:00:02",
        }).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddSqliteLicenseStorageServices(o => o.Bind(configuration.GetSection("Sqlite")).PostConfigure(s => s.DataSource = "/data/license.db"));
        services.AddSqliteLicenseStorageServices(o => o.Configure(s => s.MaxWritesPerCommit = 64));
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<SqliteStorageOptions>>().Value;

        Assert.Equal(("/data/license.db", SqliteSynchronous.Normal, TimeSpan.FromSeconds(2), 64), (options.DataSource, options.Synchronous, options.BusyTimeout, options.MaxWritesPerCommit));
        Assert.Single(services, d => d.ServiceType == typeof(SqliteDatabase));
    }
}
