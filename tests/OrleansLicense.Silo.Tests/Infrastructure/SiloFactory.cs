using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OrleansLicense.Testing;

namespace OrleansLicense.Silo.Tests.Infrastructure;

/// <summary>The silo in process on a temporary data folder, with a manual clock and a settable client address.</summary>
public sealed class SiloFactory(string dataFolder, ManualClock clock, IReadOnlyDictionary<string, string?>? settings = null) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.ConfigureAppConfiguration(configuration =>
        {
            var values = new Dictionary<string, string?>
            {
                ["Silo:DataFolder"] = dataFolder,

                // Test output stays readable: the silo's console log shows warnings and errors only.
                ["Serilog:MinimumLevel:Default"] = "Warning",
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
            services.AddSingleton<IStartupFilter, TestRemoteAddressStartupFilter>();
        });
    }
}
