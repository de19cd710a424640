using Microsoft.Extensions.Options;
using OrleansLicense.Grains.Hosting;

namespace OrleansLicense.Silo.Configuration;

/// <summary>
/// The cluster's id is the identity cluster-bound licenses are checked against (R-LIC-3) and the one login answers
/// name, also on a single silo started with <c>--cluster-id</c> (a backup partner's clients reach it by that id). In a
/// grid, changes made on other silos reach this one's login lookups by expiry.
/// </summary>
internal sealed class ClusterLicensingSetup(IOptions<SiloOptions> silo, IOptions<SiloClusterOptions> cluster) : IPostConfigureOptions<LicensingOptions>
{
    public void PostConfigure(string? name, LicensingOptions options)
    {
        options.ClusterId = cluster.Value.ClusterId;
        options.InGrid = silo.Value.IsGrid;
    }
}
