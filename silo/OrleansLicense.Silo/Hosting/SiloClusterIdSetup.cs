using Microsoft.Extensions.Options;
using Orleans.Configuration;
using OrleansLicense.Silo.Configuration;

namespace OrleansLicense.Silo.Hosting;

/// <summary>Orleans' cluster id from <see cref="SiloClusterOptions.ClusterId"/>; the service id is fixed (<see cref="SiloClusterOptions.ServiceId"/>).</summary>
internal sealed class SiloClusterIdSetup(IOptions<SiloClusterOptions> cluster) : IConfigureOptions<ClusterOptions>
{
    public void Configure(ClusterOptions options)
    {
        options.ClusterId = cluster.Value.ClusterId;
        options.ServiceId = SiloClusterOptions.ServiceId;
    }
}
