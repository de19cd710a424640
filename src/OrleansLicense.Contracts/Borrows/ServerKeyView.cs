namespace OrleansLicense.Contracts.Borrows;

/// <summary><c>GET /api/v1/borrows/server-key</c>: the public key the server signs borrow certificates, usage exports and peak logs with.</summary>
/// <param name="KeyId">The key id (16 hex characters).</param>
/// <param name="PublicKeyPem">The public key as SubjectPublicKeyInfo PEM.</param>
public sealed record ServerKeyView(string KeyId, string PublicKeyPem);
