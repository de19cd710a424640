namespace OrleansLicense.Silo.Hosting.Network;

/// <summary>
/// The listeners' network settings (section <c>Network</c>; command line <c>--ipv6</c>, <c>--https-port</c>).
/// They take effect at the next start.
/// </summary>
public sealed class NetworkOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Network";

    /// <summary>The default HTTPS port (R-NET-2).</summary>
    public const int DefaultHttpsPort = 8276;

    /// <summary>
    /// Which IP family every listener uses (HTTP, HTTPS, Orleans' silo and gateway ports): <c>disable</c> (IPv4 only,
    /// the default), <c>enable</c> (IPv4 and IPv6) or <c>only</c> (IPv6 only) (R-NET-1).
    /// </summary>
    public IPv6Mode IPv6 { get; set; } = IPv6Mode.Disable;

    /// <summary>The HTTPS port, used when the data folder holds <c>ssl_key.pem</c>. Default 8276.</summary>
    public int HttpsPort { get; set; } = DefaultHttpsPort;

    /// <summary>
    /// Lets admin calls from other computers use plain HTTP. Off by default: the admin token would cross the network
    /// in clear text, so such calls are refused with 403 <c>https_required</c>. Turn it on only behind a proxy that
    /// terminates TLS on this computer's behalf, or on a network you trust.
    /// </summary>
    public bool AllowAdminOverHttp { get; set; }
}
