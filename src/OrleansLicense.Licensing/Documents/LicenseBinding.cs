namespace OrleansLicense.Licensing.Documents;

/// <summary>The binding of a license (R-LIC-3).</summary>
/// <param name="Kind">What the license is bound to.</param>
/// <param name="Id">The server or cluster id; null exactly when <paramref name="Kind"/> is <see cref="BindingKind.None"/>.</param>
public sealed record LicenseBinding(BindingKind Kind, string? Id)
{
    /// <summary>An unbound license.</summary>
    public static LicenseBinding None { get; } = new(BindingKind.None, null);

    /// <summary>Bound to one standalone server.</summary>
    public static LicenseBinding ToServer(string serverId) => new(BindingKind.Server, serverId);

    /// <summary>Bound to one cluster.</summary>
    public static LicenseBinding ToCluster(string clusterId) => new(BindingKind.Cluster, clusterId);

    /// <summary>Bound to one triad (its id, which survives node replacement).</summary>
    public static LicenseBinding ToTriad(string triadId) => new(BindingKind.Triad, triadId);
}
