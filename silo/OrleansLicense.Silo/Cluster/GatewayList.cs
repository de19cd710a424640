using Orleans.Runtime.MembershipService.SiloMetadata;
using OrleansLicense.Silo.Hosting;

namespace OrleansLicense.Silo.Cluster;

/// <summary>
/// The addresses clients may fail over to (issue #14 item 4, issue #13 item 1): for every active silo of the cluster
/// its HTTP gateway URL and its Orleans gateway (<c>olic://host:port</c>), as each silo announced them from its
/// configuration. Nothing of a request (its <c>Host</c> header) goes in, so a forged header cannot send clients
/// elsewhere. Read from this silo's membership view and metadata cache: no grain call, so a login can afford it.
/// </summary>
internal sealed class GatewayList(IClusterMembershipService membership, ISiloMetadataCache metadata, ILocalSiloDetails local, SiloAnnouncement self)
{
    /// <summary>This silo's addresses first, then the other active silos' (oldest first), HTTP before Orleans for each.</summary>
    public IReadOnlyList<string> Current()
    {
        List<string> addresses = [self.GatewayUrl, self.OrleansGateway];
        var others = membership.CurrentSnapshot.Members.Values
            .Where(m => m.Status == SiloStatus.Active && !m.SiloAddress.Equals(local.SiloAddress))
            .OrderBy(m => m.SiloAddress.Generation);
        foreach (var member in others)
        {
            // A silo whose metadata has not arrived yet is left out until it has.
            var announced = metadata.GetSiloMetadata(member.SiloAddress).Metadata;
            foreach (var key in (ReadOnlySpan<string>)[SiloAnnouncement.GatewayUrlKey, SiloAnnouncement.OrleansGatewayKey])
            {
                if (announced.GetValueOrDefault(key) is { Length: > 0 } address && !addresses.Contains(address))
                {
                    addresses.Add(address);
                }
            }
        }

        return addresses;
    }
}
