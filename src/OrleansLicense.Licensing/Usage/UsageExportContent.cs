namespace OrleansLicense.Licensing.Usage;

/// <summary>The signed payload of a usage export: who it is for and the encrypted report.</summary>
/// <param name="Format">Always <see cref="UsageExportFile.Format"/>.</param>
/// <param name="LicenseId">The license (also inside the encrypted report).</param>
/// <param name="Product">The product.</param>
/// <param name="ExportedAt">When.</param>
/// <param name="RecipientKeyId">The vendor key that can decrypt it.</param>
/// <param name="EphemeralKey">The sender's one-time ECDH P-256 public key, base64 SubjectPublicKeyInfo DER.</param>
/// <param name="Nonce">The AES-GCM nonce, base64 (12 bytes).</param>
/// <param name="Ciphertext">The encrypted <see cref="UsageReport"/> JSON, base64.</param>
/// <param name="Tag">The AES-GCM tag, base64 (16 bytes).</param>
/// <param name="ServerKey">The signing server's public key, base64 SubjectPublicKeyInfo DER.</param>
public sealed record UsageExportContent(
    string Format,
    string LicenseId,
    string Product,
    DateTimeOffset ExportedAt,
    string RecipientKeyId,
    string EphemeralKey,
    string Nonce,
    string Ciphertext,
    string Tag,
    string ServerKey);
