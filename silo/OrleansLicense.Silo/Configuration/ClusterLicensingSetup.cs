using Microsoft.Extensions.Options;
using OrleansLicense.Grains.Hosting;

namespace OrleansLicense.Silo.Configuration;

/// <summary>In a grid the cluster's id is the identity cluster-bound licenses are checked against (R-LIC-3), and changes made on other silos reach this one's login lookups by expiry.</summary>
internal sealed class ClusterLicensingSetup(IOptions<SiloOptions> silo, IOptions<SiloClusterOptions> cluster) : IPostConfigureOptions<LicensingOptions>
{
    public void PostConfigure(string? name, LicensingOptions options)
    {
        if (silo.Value.IsGrid)
        {
            options.ClusterId = cluster.Value.ClusterId;
            options.InGrid = true;
        }
    }
}
