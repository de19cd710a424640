namespace OrleansLicense.Licensing.Signing;

/// <summary>Who is verifying a license, for binding checks (R-LIC-3).</summary>
/// <param name="ServerId">This server's id.</param>
/// <param name="ClusterId">The id of the cluster this server belongs to, or null when it has none.</param>
/// <param name="IsTriad">True when the server runs as part of a triad (three-server cluster).</param>
/// <param name="TriadId">The id of the triad this server belongs to, or null. A triad takes only licenses bound to it (R-LIC-3), and only a triad takes those.</param>
public sealed record ServerIdentity(string ServerId, string? ClusterId, bool IsTriad, string? TriadId = null);
