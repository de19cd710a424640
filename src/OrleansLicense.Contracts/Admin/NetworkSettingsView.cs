namespace OrleansLicense.Contracts.Admin;

/// <summary>A silo's network settings (<c>GET /api/v1/admin/network</c>, issue #15 item 1).</summary>
/// <param name="IPv6">The IPv6 mode the silo uses from its next start: <c>disable</c>, <c>enable</c> or <c>only</c>.</param>
/// <param name="RunningIPv6">The IPv6 mode it runs with now.</param>
/// <param name="HttpsPort">The HTTPS port.</param>
/// <param name="Https">True when the silo serves HTTPS (its data folder held ssl_key.pem at start).</param>
public sealed record NetworkSettingsView(string IPv6, string RunningIPv6, int HttpsPort, bool Https);

/// <summary>A change of a silo's network settings (<c>PUT /api/v1/admin/network</c>), effective at its next start.</summary>
/// <param name="IPv6"><c>disable</c> (IPv4 only), <c>enable</c> (dual stack) or <c>only</c> (IPv6 only).</param>
public sealed record NetworkSettingsRequest(string IPv6);
