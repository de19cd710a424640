using Microsoft.Extensions.Options;
using OrleansLicense.Silo.Configuration;

namespace OrleansLicense.Silo.Hosting;

/// <summary>
/// What this silo tells the others about itself through Orleans' silo metadata: the HTTP URL clients reach it at (for
/// the gateway list every silo answers) and its topology role.
/// </summary>
internal sealed class SiloAnnouncement(IOptions<Configuration.SiloOptions> silo, IOptions<SiloClusterOptions> cluster)
{
    /// <summary>The metadata key of the HTTP URL clients reach the silo at.</summary>
    public const string GatewayUrlKey = "olic.gateway-url";

    /// <summary>The metadata key of the Orleans gateway address clients reach the silo at (<c>olic://host:port</c>).</summary>
    public const string OrleansGatewayKey = "olic.orleans-gateway";

    /// <summary>The metadata key of the silo's topology role.</summary>
    public const string RoleKey = "olic.role";

    /// <summary>
    /// The URL other silos hand to clients for this one: <see cref="SiloClusterOptions.GatewayUrl"/>, else the first of
    /// <see cref="Configuration.SiloOptions.AdvertisedUrls"/>, else <c>http://AdvertisedHost:HttpPort</c>.
    /// </summary>
    public string GatewayUrl
    {
        get
        {
            var configured = cluster.Value.GatewayUrl ?? silo.Value.AdvertisedUrls.FirstOrDefault();
            return configured is not null
                ? configured.TrimEnd('/')
                : $"http://{HostForUrl(cluster.Value.AdvertisedHost)}:{silo.Value.HttpPort}";
        }
    }

    /// <summary>
    /// The Orleans gateway other silos hand to clients for this one (issue #13 item 1): <c>olic://AdvertisedHost:GatewayPort</c>
    /// in a grid, <c>olic://127.0.0.1:GatewayPort</c> for one silo, whose gateway listens on loopback only.
    /// </summary>
    public string OrleansGateway =>
        $"olic://{(silo.Value.IsGrid ? HostForUrl(cluster.Value.AdvertisedHost) : "127.0.0.1")}:{cluster.Value.GatewayPort}";

    /// <summary>This silo's role, or null.</summary>
    public string? Role => string.IsNullOrWhiteSpace(cluster.Value.Role) ? null : cluster.Value.Role;

    /// <summary>Writes the announcement into Orleans' metadata of this silo.</summary>
    public void CopyTo(IDictionary<string, string> metadata)
    {
        metadata[GatewayUrlKey] = GatewayUrl;
        metadata[OrleansGatewayKey] = OrleansGateway;
        if (Role is { } role)
        {
            metadata[RoleKey] = role;
        }
    }

    private static string HostForUrl(string host) => host.Contains(':', StringComparison.Ordinal) && !host.StartsWith('[') ? $"[{host}]" : host;
}
