using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Hosting;

namespace OrleansLicense.Storage.Postgres.Tests;

public sealed class PostgresStorageOptionsTests
{
    [Theory]
    [InlineData("", "ConnectionString is required")]
    [InlineData("   ", "ConnectionString is required")]
    [InlineData("Host=db;Bogus Keyword=1", "not a valid Npgsql connection string")]
    [InlineData("Database=olic", "must name a Host")]
    [InlineData("Host=pg1,pg2;Database=olic", "use 'read-write' or 'primary'")]
    [InlineData("Host=pg1;Target Session Attributes=standby", "but the silos write")]
    [InlineData("Host=pg1;Target Session Attributes=read-write", "Npgsql accepts it only with several hosts")] // issue #14 item 13
    public void Unusable_connection_strings_are_refused_with_the_reason(string connectionString, string reason)
    {
        var result = new PostgresStorageOptionsValidator().Validate(null, new PostgresStorageOptions { ConnectionString = connectionString });

        Assert.True(result.Failed);
        Assert.Contains(reason, result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Host=127.0.0.1;Port=5432;Username=olic;Database=olic")]
    [InlineData("Host=pg1,pg2;Target Session Attributes=read-write;Database=olic")]
    [InlineData("Host=pg;Search Path=olic;Database=olic")]
    public void Usable_connection_strings_pass(string connectionString)
    {
        Assert.True(new PostgresStorageOptionsValidator().Validate(null, new PostgresStorageOptions { ConnectionString = connectionString }).Succeeded);
    }

    [Theory]
    [InlineData("00:00:00.999", false)]
    [InlineData("00:05:00", true)]
    [InlineData("1.00:00:01", false)]
    public void The_expired_state_sweep_runs_between_every_second_and_once_a_day(string interval, bool valid)
    {
        var options = new PostgresStorageOptions
        {
            ConnectionString = "Host=127.0.0.1;Database=olic",
            ExpiredStateSweepInterval = TimeSpan.Parse(interval, System.Globalization.CultureInfo.InvariantCulture),
        };

        var result = new PostgresStorageOptionsValidator().Validate(null, options);

        Assert.Equal(valid, result.Succeeded);
        if (!valid)
        {
            Assert.Contains("ExpiredStateSweepInterval", result.FailureMessage, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_silo_without_a_connection_string_fails_at_start_naming_the_option()
    {
        await using var silo = UnstartedSilo.Create("");

        var ex = Assert.Throws<OptionsValidationException>(() => silo.Services.GetRequiredService<PostgresSchemaMigrator>());

        Assert.Contains("PostgresStorageOptions.ConnectionString is required", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_options_builder_overload_binds_configuration()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:Postgres:ConnectionString"] = "Host=pg.example;Database=grid" });
        builder.UseOrleans(silo => silo.AddPostgresLicenseStorage(options => options.BindConfiguration("Storage:Postgres")));
        using var host = builder.Build();

        Assert.Equal("Host=pg.example;Database=grid", host.Services.GetRequiredService<IOptions<PostgresStorageOptions>>().Value.ConnectionString);
        var dataSource = host.Services.GetRequiredKeyedService<NpgsqlDataSource>(PostgresLicenseStorageExtensions.DataSourceKey);
        Assert.Equal("pg.example", new NpgsqlConnectionStringBuilder(dataSource.ConnectionString).Host);
    }
}
