using System.Globalization;
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
    [InlineData("--Licensing:EndedSessionRetention", "00:14:59", "Licensing:EndedSessionRetention")]
    [InlineData("--Cluster:ResponseTimeout", "00:00:00", "Cluster:ResponseTimeout")]
    [InlineData("--silo-port", "0", "Cluster:SiloPort")]
    [InlineData("--gateway-port", "70000", "Cluster:GatewayPort")]
    [InlineData("--Cluster:Enabled", "true", "Cluster:Enabled")]
    public async Task A_bad_option_stops_startup_naming_it(string name, string value, string expected)
    {
        using var folder = new TempDirectory("olic-options");

        var error = await Assert.ThrowsAsync<OptionsValidationException>(async () =>
        {
            await using var app = SiloApplication.Build([
                "--data", folder.Path,
                "--port", FreePort.Next().ToString(CultureInfo.InvariantCulture),
                "--silo-port", FreePort.Next().ToString(CultureInfo.InvariantCulture),
                "--gateway-port", FreePort.Next().ToString(CultureInfo.InvariantCulture),
                $"{name}={value}",
                "--Serilog:MinimumLevel:Default=Fatal",
            ]);
            await app.StartAsync(TestContext.Current.CancellationToken);
            await app.StopAsync(TestContext.Current.CancellationToken);
        });

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
