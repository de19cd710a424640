namespace OrleansLicense.Grains.Triad;

/// <summary>One of the three silos of a triad.</summary>
/// <param name="Address">
/// Its identity: the silo-to-silo endpoint <c>host:port</c> without the Orleans generation, which a restarted silo keeps
/// (its configured advertised host and silo port), so a restart is the same member and a replacement is an explicit change.
/// </param>
/// <param name="Name">Its silo name when it joined the triad.</param>
/// <param name="GatewayUrl">The HTTP URL clients reach it at, when it announced one.</param>
/// <param name="Role">Its role.</param>
[GenerateSerializer]
[Alias("olic.triad.member")]
public sealed record TriadMember(
    [property: Id(0)] string Address,
    [property: Id(1)] string Name,
    [property: Id(2)] string? GatewayUrl,
    [property: Id(3)] TriadRole Role)
{
    /// <summary>The address a silo is known by in a triad: its silo endpoint without the Orleans generation.</summary>
    public static string AddressOf(SiloAddress silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        return silo.Endpoint.ToString();
    }

    /// <summary>True when <paramref name="reference"/> names this member: its name, address or HTTP URL (ignoring case).</summary>
    public bool IsNamedBy(string reference)
        => string.Equals(Name, reference, StringComparison.OrdinalIgnoreCase)
            || string.Equals(Address, reference, StringComparison.OrdinalIgnoreCase)
            || string.Equals(GatewayUrl?.TrimEnd('/'), reference.TrimEnd('/'), StringComparison.OrdinalIgnoreCase);
}
