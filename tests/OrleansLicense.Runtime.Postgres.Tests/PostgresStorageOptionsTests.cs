using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using OrleansLicense.Runtime.Directory;
using OrleansLicense.Runtime.Grains;
using OrleansLicense.Runtime.Membership;
using OrleansLicense.Runtime.Storage;

namespace OrleansLicense.Runtime.Postgres.Tests;

public sealed class PostgresStorageOptionsTests(PostgresFixture postgres)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ValidateOptionsResult Validate(Action<PostgresStorageOptions> change)
    {
        var options = new PostgresStorageOptions { ConnectionString = "Host=db;Database=olic;Username=silo" };
        change(options);
        return new PostgresStorageOptionsValidator().Validate(null, options);
    }

    [Fact]
    public void Defaults()
    {
        var options = new PostgresStorageOptions();

        Assert.Equal("default", options.ClusterId);
        Assert.Equal("olic", options.Schema);
        Assert.Equal("", options.ConnectionString);
    }

    [Fact]
    public void A_single_host_connection_string_validates()
    {
        Assert.True(Validate(_ => { }).Succeeded);
    }

    [Theory]
    [InlineData("Host=pg1,pg2,pg3;Database=olic;Username=silo;Target Session Attributes=read-write")]
    [InlineData("Host=pg1:5433,pg2:5434;Database=olic;Username=silo;Target Session Attributes=primary")]
    [InlineData("Host=10.0.0.1,10.0.0.2;Port=5432;Database=olic;Username=silo;Password=x;Target Session Attributes=read-write;Host Recheck Seconds=5")]
    public void A_multi_host_connection_string_targeting_writable_sessions_validates(string connectionString)
    {
        var result = Validate(o => o.ConnectionString = connectionString);

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Theory]
    [InlineData("Host=pg1,pg2;Database=olic")]
    [InlineData("Host=pg1,pg2;Database=olic;Target Session Attributes=any")]
    [InlineData("Host=pg1,pg2;Database=olic;Target Session Attributes=prefer-standby")]
    [InlineData("Host=pg1;Database=olic;Target Session Attributes=standby")]
    public void A_connection_string_that_may_land_on_a_standby_is_refused(string connectionString)
    {
        var result = Validate(o => o.ConnectionString = connectionString);

        Assert.True(result.Failed);
        Assert.Contains("Target Session Attributes", result.FailureMessage, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("Database=olic")]
    [InlineData("Host=db;Port=notaport")]
    [InlineData("Host=db;NoSuchKeyword=1")]
    public void Connection_string_must_be_a_usable_npgsql_connection_string(string connectionString)
    {
        var result = Validate(o => o.ConnectionString = connectionString);

        Assert.True(result.Failed);
        Assert.Contains("ConnectionString", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Olic")]
    [InlineData("1olic")]
    [InlineData("olic; DROP TABLE x")]
    [InlineData("olic\"")]
    [InlineData("a_schema_name_that_is_longer_than_sixty_three_characters_in_total_x")]
    public void Schema_must_be_a_plain_identifier(string schema)
    {
        var result = Validate(o => o.Schema = schema);

        Assert.True(result.Failed);
        Assert.Contains("Schema", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("olic")]
    [InlineData("_x")]
    [InlineData("license_server_2")]
    public void Plain_schema_names_validate(string schema)
    {
        Assert.True(Validate(o => o.Schema = schema).Succeeded);
    }

    [Fact]
    public void Cluster_id_must_not_be_empty()
    {
        Assert.True(Validate(o => o.ClusterId = " ").Failed);
    }

    [Fact]
    public void Invalid_options_fail_when_a_store_is_resolved()
    {
        var services = new ServiceCollection().AddPostgresStorage(o => o.ConnectionString = "");
        using var provider = services.BuildServiceProvider();

        Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IGrainStateStore>());
    }

    [Fact]
    public void Registration_provides_all_five_interfaces_as_shared_singletons()
    {
        var services = new ServiceCollection().AddPostgresStorage(o => o.ConnectionString = "Host=unused");
        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });

        Assert.Same(provider.GetRequiredService<IGrainStateStore>(), provider.GetRequiredService<IGrainStateStore>());
        Assert.NotNull(provider.GetRequiredService<IEventLogStore>());
        Assert.NotNull(provider.GetRequiredService<IReminderTable>());
        Assert.NotNull(provider.GetRequiredService<IMembershipTable>());
        Assert.NotNull(provider.GetRequiredService<IGrainDirectoryStore>());
        Assert.Same(provider.GetRequiredService<PostgresDatabase>(), provider.GetRequiredService<PostgresDatabase>());
        Assert.Single(services, d => d.ServiceType == typeof(IGrainStateStore));
    }

    [Fact]
    public async Task A_multi_host_connection_string_fails_over_to_the_writable_host()
    {
        await using var schema = postgres.CreateSchema();
        var real = new NpgsqlConnectionStringBuilder(postgres.ConnectionString);

        // The first host refuses connections (nothing listens on port 1), the second is the real server.
        var multiHost = new NpgsqlConnectionStringBuilder(postgres.ConnectionString)
        {
            Host = $"127.0.0.1:1,{real.Host}:{real.Port}",
            TargetSessionAttributes = "read-write",
        }.ConnectionString;
        Assert.True(new PostgresStorageOptionsValidator().Validate(null, new PostgresStorageOptions { ConnectionString = multiHost }).Succeeded);

        var store = schema.Get<IGrainStateStore>(o => o.ConnectionString = multiHost);

        Assert.Equal(1, await store.WriteAsync("s", new GrainId("t", "k"), "{}", 0, Ct));
        Assert.Equal(new StoredState("{}", 1), await store.ReadAsync("s", new GrainId("t", "k"), Ct));
    }

    [Fact]
    public async Task A_disposed_store_refuses_further_calls()
    {
        await using var schema = postgres.CreateSchema();
        var provider = schema.Open();
        var store = provider.GetRequiredService<IGrainStateStore>();
        await store.WriteAsync("s", new GrainId("t", "k"), "{}", 0, Ct);

        await provider.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.ReadAsync("s", new GrainId("t", "k"), Ct));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.WriteAsync("s", new GrainId("t", "k"), "{}", 1, Ct));
    }
}
