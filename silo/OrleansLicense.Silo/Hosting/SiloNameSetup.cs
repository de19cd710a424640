using Microsoft.Extensions.Options;
using OrleansLicense.Silo.Configuration;

namespace OrleansLicense.Silo.Hosting;

/// <summary>This silo's name in the membership table: <see cref="SiloClusterOptions.SiloName"/>, else the machine name and the silo port.</summary>
internal sealed class SiloNameSetup(IOptions<SiloClusterOptions> cluster) : IConfigureOptions<Orleans.Configuration.SiloOptions>
{
    public void Configure(Orleans.Configuration.SiloOptions options)
        => options.SiloName = string.IsNullOrWhiteSpace(cluster.Value.SiloName)
            ? $"{Environment.MachineName}-{cluster.Value.SiloPort}"
            : cluster.Value.SiloName;
}
