namespace OrleansLicense.Grains.Triad;

/// <summary>A triad as the grid stores it (R-TRI-1): what every silo reads to decide whether it serves.</summary>
/// <param name="Id">
/// The triad's identity, which licenses are bound to (<c>--bind triad:ID</c>, R-LIC-3). It belongs to the triad, not to
/// its servers: replacing a node keeps it, so licenses need no re-issue.
/// </param>
/// <param name="Name">Its display name.</param>
/// <param name="Members">Exactly three members, one per role.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="Version">Grows with every change (roles, replacement), so silos notice a change.</param>
[GenerateSerializer]
[Alias("olic.triad.config")]
public sealed record TriadConfig(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] IReadOnlyList<TriadMember> Members,
    [property: Id(3)] DateTimeOffset CreatedAt,
    [property: Id(4)] int Version)
{
    /// <summary>The member holding <paramref name="role"/>.</summary>
    public TriadMember MemberIn(TriadRole role) => Members.First(m => m.Role == role);

    /// <summary>The member at <paramref name="address"/> (<c>host:port</c>), or null.</summary>
    public TriadMember? MemberAt(string address) => Members.FirstOrDefault(m => string.Equals(m.Address, address, StringComparison.OrdinalIgnoreCase));
}
