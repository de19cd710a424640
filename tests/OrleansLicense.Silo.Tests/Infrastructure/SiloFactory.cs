using System.Globalization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OrleansLicense.Testing;

namespace OrleansLicense.Silo.Tests.Infrastructure;

/// <summary>
/// The silo in process on a temporary data folder, with a manual clock and a settable client address. Orleans' silo
/// and gateway ports are free ones below 32768 (never Orleans' defaults, which other processes here hold); the web
/// API runs on the in-memory test server.
/// </summary>
public sealed class SiloFactory(string dataFolder, ManualClock clock, IReadOnlyDictionary<string, string?>? settings = null) : WebApplicationFactory<Program>
{
    /// <summary>Orleans' silo-to-silo port of this silo.</summary>
    public int SiloPort { get; } = FreePort.Next();

    /// <summary>Orleans' gateway port of this silo.</summary>
    public int GatewayPort { get; } = FreePort.Next();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.ConfigureAppConfiguration(configuration =>
        {
            var values = new Dictionary<string, string?>
            {
                ["Silo:DataFolder"] = dataFolder,
                ["Cluster:SiloPort"] = SiloPort.ToString(CultureInfo.InvariantCulture),
                ["Cluster:GatewayPort"] = GatewayPort.ToString(CultureInfo.InvariantCulture),

                // Test output stays readable: the silo's console log shows warnings and errors only.
                ["Serilog:MinimumLevel:Default"] = "Warning",
                ["Serilog:MinimumLevel:Override:Orleans.Runtime.SiloOptionsLogger"] = "Warning",
            };
            foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            {
                values[key] = value;
            }

            configuration.AddInMemoryCollection(values);
        });

        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(clock);
            services.AddKeyedSingleton<TimeProvider>(Orleans.Reminders.ReminderTimeProviderNames.Reminders, new ReminderClock(clock));
            services.AddSingleton<IStartupFilter, TestRemoteAddressStartupFilter>();
        });
    }
}
