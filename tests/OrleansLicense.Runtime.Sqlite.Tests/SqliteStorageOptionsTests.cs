using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OrleansLicense.Runtime.Directory;
using OrleansLicense.Runtime.Membership;
using OrleansLicense.Runtime.Storage;

namespace OrleansLicense.Runtime.Sqlite.Tests;

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

        Assert.Equal(SqliteSynchronous.Full, options.Synchronous);
        Assert.Equal("default", options.ClusterId);
        Assert.True(options.BusyTimeout > TimeSpan.Zero);
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
    public void Data_source_must_be_a_file(string dataSource)
    {
        var result = Validate(o => o.DataSource = dataSource);

        Assert.True(result.Failed);
        Assert.Contains("DataSource", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Cluster_id_must_not_be_empty()
    {
        Assert.True(Validate(o => o.ClusterId = "").Failed);
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

    [Fact]
    public void Invalid_options_fail_when_the_store_is_resolved()
    {
        var services = new ServiceCollection().AddSqliteStorage(o => o.DataSource = "");
        using var provider = services.BuildServiceProvider();

        Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IGrainStateStore>());
    }

    [Fact]
    public void Registration_provides_all_five_interfaces_as_shared_singletons()
    {
        var services = new ServiceCollection().AddSqliteStorage(o => o.DataSource = "/tmp/unused.db");
        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });

        Assert.Same(provider.GetRequiredService<IGrainStateStore>(), provider.GetRequiredService<IGrainStateStore>());
        Assert.NotNull(provider.GetRequiredService<IEventLogStore>());
        Assert.NotNull(provider.GetRequiredService<IReminderTable>());
        Assert.NotNull(provider.GetRequiredService<IMembershipTable>());
        Assert.NotNull(provider.GetRequiredService<IGrainDirectoryStore>());
        Assert.Single(services, d => d.ServiceType == typeof(IGrainStateStore));
    }
}
