namespace OrleansLicense.Contracts.Sessions;

/// <summary>
/// Part of a login answer when the session's license is mapped in a backup relationship (R-BAK-4): where the
/// partner grid is and which of its licenses stands in for this one, so the client can fail over to it.
/// </summary>
/// <param name="Role">This server's role in the relationship: <c>primary</c> or <c>backup</c>.</param>
/// <param name="PartnerServers">The partner grid's gateway addresses (HTTP base URLs).</param>
/// <param name="PartnerClusterId">The partner grid's cluster id, for clients that speak Orleans to it.</param>
/// <param name="PartnerLicenseId">The partner's license mapped to the license of this login.</param>
public sealed record BackupPartnerHint(
    string Role,
    IReadOnlyList<string> PartnerServers,
    string? PartnerClusterId,
    string PartnerLicenseId);
