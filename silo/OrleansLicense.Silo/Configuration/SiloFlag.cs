namespace OrleansLicense.Silo.Configuration;

/// <summary>One command line flag of the silo: what it sets and what <c>--help</c> says about it.</summary>
/// <param name="Name">The flag as typed, e.g. <c>--port</c>.</param>
/// <param name="ConfigurationKey">The configuration key it sets, e.g. <c>Silo:HttpPort</c>.</param>
/// <param name="ValueName">The value's placeholder in the usage (<c>N</c>, <c>DIR</c>); null for a switch that takes no value and sets <c>true</c>.</param>
/// <param name="Description">One line for <c>--help</c>.</param>
internal sealed record SiloFlag(string Name, string ConfigurationKey, string? ValueName, string Description)
{
    /// <summary>True for a switch without a value (<c>--ipv6</c>): it sets its key to <c>true</c>.</summary>
    public bool IsSwitch => ValueName is null;
}
