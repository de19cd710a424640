using OrleansLicense.Licensing.Documents;

namespace OrleansLicense.Cli.Triad;

/// <summary>The value of <c>olic vendor issue --bind KIND:ID</c> (R-LIC-3).</summary>
internal static class BindingArgument
{
    /// <summary>Parses <c>server:ID</c>, <c>cluster:ID</c> or <c>triad:ID</c>.</summary>
    /// <exception cref="CliException">Another kind, or no id.</exception>
    public static LicenseBinding Parse(string value)
    {
        var colon = value.IndexOf(':', StringComparison.Ordinal);
        var kind = colon < 0 ? value.Trim() : value[..colon].Trim();
        var id = colon < 0 ? "" : value[(colon + 1)..].Trim();
        if (id.Length == 0)
        {
            throw CliException.Usage($"--bind {value}: give KIND:ID, e.g. triad:plant-7 or server:srv-0123.");
        }

        return kind.ToLowerInvariant() switch
        {
            "server" => LicenseBinding.ToServer(id),
            "cluster" => LicenseBinding.ToCluster(id),
            "triad" => LicenseBinding.ToTriad(id),
            _ => throw CliException.Usage($"--bind {value}: the kind is server, cluster or triad, not '{kind}'."),
        };
    }
}
