namespace OrleansLicense.Contracts.Admin;

/// <summary>A vendor public key a silo trusts (<c>GET /api/v1/admin/keys</c>).</summary>
/// <param name="KeyId">The key id licenses name in their signature.</param>
/// <param name="Source"><c>grid</c> (stored once for every silo: <c>olic keys add</c>), <c>folder</c> (this silo's keys folder) or <c>configuration</c>.</param>
/// <param name="AddedAt">When it was added to the grid; null for the other sources.</param>
/// <param name="Pem">The public key (SubjectPublicKeyInfo PEM).</param>
public sealed record TrustedKeyView(string KeyId, string Source, DateTimeOffset? AddedAt, string Pem);

/// <summary>The body of <c>POST /api/v1/admin/keys</c>: a vendor public key to trust on every silo of the grid.</summary>
/// <param name="Pem">The public key PEM, as <c>olic vendor keygen</c> writes it (<c>vendor.pub.pem</c>).</param>
public sealed record AddTrustedKeyRequest(string Pem);
