using OrleansLicense.Grains.Triad;
using OrleansLicense.Silo.Cluster;
using ClusterMember = OrleansLicense.Silo.Cluster.ClusterMember;

namespace OrleansLicense.Silo.Triad;

/// <summary>The triad's members as views, and silos named by administrators found in the membership.</summary>
internal static class TriadServers
{
    /// <summary>The view of each member, with its status in <paramref name="members"/> (this silo's membership view).</summary>
    public static IReadOnlyList<TriadServerView> Views(TriadConfig config, IReadOnlyList<ClusterMember> members, TriadMember? active, int? licenses)
        => [.. config.Members.OrderBy(m => m.Role).Select(m => View(m, StatusOf(m, members), active, licenses))];

    /// <summary>The view of each member as the snapshot saw them (the <c>no_quorum</c> body).</summary>
    public static IReadOnlyList<TriadServerView> Views(TriadSnapshot snapshot)
        => snapshot.Config is null
            ? []
            : [.. snapshot.Config.Members.OrderBy(m => m.Role).Select(m => View(m, snapshot.Statuses.GetValueOrDefault(m.Address, "absent"), snapshot.ActiveMember, null))];

    /// <summary>The Active silo of the grid that <paramref name="reference"/> names (name, <c>host:port</c>, <c>host:port@generation</c> or HTTP URL), or null.</summary>
    public static ClusterMember? FindActive(IReadOnlyList<ClusterMember> members, string reference)
        => members.Where(m => m.IsActive).FirstOrDefault(m =>
            string.Equals(m.Name, reference, StringComparison.OrdinalIgnoreCase)
            || string.Equals(TriadMember.AddressOf(m.Silo), reference, StringComparison.OrdinalIgnoreCase)
            || string.Equals(m.Address, reference, StringComparison.OrdinalIgnoreCase)
            || string.Equals(m.GatewayUrl?.TrimEnd('/'), reference.TrimEnd('/'), StringComparison.OrdinalIgnoreCase));

    /// <summary>A member entry for an Active silo of the grid.</summary>
    public static TriadMember MemberOf(ClusterMember silo, TriadRole role) => new(TriadMember.AddressOf(silo.Silo), silo.Name, silo.GatewayUrl, role);

    /// <summary>The role's name in the API.</summary>
    public static string NameOf(TriadRole role) => role.ToString().ToLowerInvariant();

    private static string StatusOf(TriadMember member, IReadOnlyList<ClusterMember> members)
    {
        var entries = members.Where(m => string.Equals(TriadMember.AddressOf(m.Silo), member.Address, StringComparison.OrdinalIgnoreCase)).ToList();
        return entries.FirstOrDefault(e => e.IsActive)?.Status ?? entries.OrderByDescending(e => e.Silo.Generation).FirstOrDefault()?.Status ?? "absent";
    }

    private static TriadServerView View(TriadMember member, string status, TriadMember? active, int? licenses)
    {
        var addresses = member.GatewayUrl is { } url ? new[] { member.Address, url } : [member.Address];
        int? httpPort = Uri.TryCreate(member.GatewayUrl, UriKind.Absolute, out var uri) ? uri.Port : null;
        var siloPort = int.TryParse(member.Address[(member.Address.LastIndexOf(':') + 1)..], out var port) ? port : 0;
        return new TriadServerView(member.Name, NameOf(member.Role), status, active is not null && active.Address == member.Address, addresses, siloPort, httpPort, licenses);
    }
}
