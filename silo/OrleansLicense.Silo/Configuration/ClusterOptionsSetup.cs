using Microsoft.Extensions.Options;
using OrleansLicense.Runtime.Cluster;

namespace OrleansLicense.Silo.Configuration;

/// <summary>Fills what the cluster section left empty from the silo's own options: the gateway URL other silos hand to clients.</summary>
internal sealed class ClusterOptionsSetup(IOptions<SiloOptions> silo) : IPostConfigureOptions<ClusterOptions>
{
    public void PostConfigure(string? name, ClusterOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.GatewayUrl))
        {
            var advertised = silo.Value.AdvertisedUrls.FirstOrDefault();
            options.GatewayUrl = advertised?.TrimEnd('/') ?? $"http://{HostForUrl(options.AdvertisedHost)}:{silo.Value.HttpPort}";
        }
    }

    private static string HostForUrl(string host) => host.Contains(':', StringComparison.Ordinal) && !host.StartsWith('[') ? $"[{host}]" : host;
}
