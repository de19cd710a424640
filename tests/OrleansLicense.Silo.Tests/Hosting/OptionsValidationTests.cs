using Microsoft.Extensions.Options;
using OrleansLicense.Silo.Hosting;
using OrleansLicense.Testing;

namespace OrleansLicense.Silo.Tests.Hosting;

/// <summary>A bad option stops start-up with a message naming it.</summary>
public sealed class OptionsValidationTests
{
    [Theory]
    [InlineData("--port", "0", "Silo:HttpPort")]
    [InlineData("--port", "70000", "Silo:HttpPort")]
    [InlineData("--listen", "not-an-address", "Silo:ListenAddress")]
    [InlineData("--Silo:MaxRequestBodyBytes", "10", "Silo:MaxRequestBodyBytes")]
    [InlineData("--Licensing:LeaseSweepInterval", "00:00:00", "Licensing:LeaseSweepInterval")]
    [InlineData("--Runtime:ResponseTimeout", "00:00:00", "Runtime:ResponseTimeout")]
    public async Task A_bad_option_stops_startup_naming_it(string name, string value, string expected)
    {
        using var folder = new TempDirectory("olic-options");

        var error = await Assert.ThrowsAsync<OptionsValidationException>(async () =>
        {
            await using var app = SiloApplication.Build(["--data", folder.Path, $"{name}={value}", "--Serilog:MinimumLevel:Default=Fatal"]);
            await app.StartAsync(TestContext.Current.CancellationToken);
            await app.StopAsync(TestContext.Current.CancellationToken);
        });

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
