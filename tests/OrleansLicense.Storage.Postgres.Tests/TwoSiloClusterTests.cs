using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Runtime;
using OrleansLicense.Testing;

namespace OrleansLicense.Storage.Postgres.Tests;

/// <summary>
/// A real cluster: two silos in this process, each a host with UseOrleans and AddPostgresLicenseStorage,
/// started at once on an empty database. Both join through the membership table, a grain state written
/// through one is read through the other, a reminder lands in its table, and an Orleans client finds
/// the gateways in the database.
/// </summary>
public sealed class TwoSiloClusterTests(PostgresFixture postgres)
{
    private const int Active = 3;
    private const int Dead = 6;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static IHost Silo(string connectionString, string clusterId)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = clusterId;
                o.ServiceId = UnstartedSilo.ServiceId;
            });
            silo.ConfigureEndpoints(IPAddress.Loopback, FreePort.Next(), FreePort.Next(), listenOnAnyHostAddress: false);
            silo.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(10));
            silo.AddPostgresLicenseStorage(o => o.ConnectionString = connectionString);
        });
        return builder.Build();
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition, string what)
    {
        var stopwatch = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(30), $"Timed out waiting for {what}.");
            await Task.Delay(100, Ct);
        }
    }

    private static async Task<List<string?>> StatusesAsync(string connectionString, string clusterId) =>
        await Sql.ColumnAsync(connectionString, $"SELECT status FROM orleansmembershiptable WHERE deploymentid = '{clusterId}' ORDER BY port;", Ct);

    [Fact]
    public async Task Two_silos_share_membership_grain_state_and_reminders_on_the_database()
    {
        var connectionString = await postgres.CreateDatabaseAsync(Ct);
        var clusterId = $"grid-{Guid.NewGuid():N}"[..13];
        using var first = Silo(connectionString, clusterId);
        using var second = Silo(connectionString, clusterId);
        var silos = new[] { first, second };
        try
        {
            // On an empty database, both at once: each migrator runs first in its silo's lifecycle.
            await Task.WhenAll(first.StartAsync(Ct), second.StartAsync(Ct));
            await WaitForAsync(async () => (await StatusesAsync(connectionString, clusterId)).Count(s => s == $"{Active}") == 2, "both silos Active in the membership table");

            // A client finds the silos' gateways through the membership table (GatewaysQueryKey).
            var clientBuilder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
            clientBuilder.UseOrleansClient(client => client
                .Configure<ClusterOptions>(o =>
                {
                    o.ClusterId = clusterId;
                    o.ServiceId = UnstartedSilo.ServiceId;
                })
                .UseAdoNetClustering(o =>
                {
                    o.Invariant = "Npgsql";
                    o.ConnectionString = connectionString;
                }));
            ProbeReading written;
            using (var client = clientBuilder.Build())
            {
                await client.StartAsync(Ct);
                var probe = client.Services.GetRequiredService<IClusterClient>().GetGrain<IProbeGrain>("probe-1");
                written = await probe.Write(42);
                await probe.RegisterReminder("renew");
                await client.StopAsync(Ct);
            }

            var reminder = Assert.Single(await Sql.RowsAsync(connectionString, "SELECT grainid, remindername, period FROM orleansreminderstable;", Ct));
            Assert.EndsWith("probe-1", reminder[0], StringComparison.Ordinal);
            Assert.Equal("renew|300000", string.Join('|', reminder[1..]));
            Assert.Equal("42", Assert.Single(await Sql.ColumnAsync(connectionString, "SELECT convert_from(payloadbinary, 'UTF8')::json ->> 'Value' FROM orleansstorage;", Ct)));

            // The silo that wrote leaves; the other activates the grain and reads the state from the database.
            var writer = silos.Single(s => s.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress.ToString() == written.Silo);
            var reader = silos.Single(s => s != writer);
            await writer.StopAsync(Ct);

            var read = await reader.Services.GetRequiredService<IGrainFactory>().GetGrain<IProbeGrain>("probe-1").Read();

            Assert.Equal(42, read.Value);
            Assert.NotEqual(written.Silo, read.Silo);
        }
        finally
        {
            await Task.WhenAll(first.StopAsync(CancellationToken.None), second.StopAsync(CancellationToken.None));
        }

        // Both left gracefully, and said so in the table.
        Assert.Equal([$"{Dead}", $"{Dead}"], await StatusesAsync(connectionString, clusterId));
    }

    [Fact]
    public async Task A_silo_on_a_database_lacking_a_query_stops_with_the_sentence()
    {
        var connectionString = await postgres.CreateDatabaseAsync(Ct);
        await PostgresSchemaMigrator.MigrateAsync(connectionString, Ct);
        await Sql.ExecuteAsync(connectionString, "DELETE FROM orleansquery WHERE querykey = 'UpsertReminderRowKey';", Ct);
        using var silo = Silo(connectionString, "grid-broken");

        var ex = await Assert.ThrowsAnyAsync<Exception>(() => silo.StartAsync(Ct));

        var schema = Find<PostgresSchemaException>(ex);
        Assert.NotNull(schema);
        Assert.Contains("lacks the Orleans query UpsertReminderRowKey", schema.Message, StringComparison.Ordinal);

        // It stopped before joining: no membership row was written.
        Assert.Empty(await StatusesAsync(connectionString, "grid-broken"));
    }

    private static T? Find<T>(Exception? exception)
        where T : Exception => exception switch
        {
            null => null,
            T found => found,
            AggregateException aggregate => aggregate.InnerExceptions.Select(Find<T>).FirstOrDefault(e => e is not null),
            _ => Find<T>(exception.InnerException),
        };
}
