using System.Security.Cryptography;

namespace OrleansLicense.Licensing.Keys;

/// <summary>
/// Shared ECDSA P-256 helpers: the one curve, hash and signature format every signed artefact uses,
/// kept in one place so issuer, server and verifier can never disagree.
/// </summary>
internal static class P256
{
    /// <summary>OID of the NIST P-256 (secp256r1) named curve.</summary>
    public const string CurveOid = "1.2.840.10045.3.1.7";

    /// <summary>Length of an IEEE P1363 P-256 signature: r and s, 32 bytes each.</summary>
    public const int SignatureLength = 64;

    /// <summary>Throws unless the key is on the P-256 named curve (an imported PEM could hold any curve).</summary>
    public static void EnsureP256(ECDsa ecdsa, string what)
    {
        var curve = ecdsa.ExportParameters(includePrivateParameters: false).Curve;
        if (!curve.IsNamed || curve.Oid.Value != CurveOid)
        {
            throw new FormatException($"The {what} is not on the P-256 curve.");
        }
    }

    /// <summary>The stable key id: first 16 lowercase hex characters of SHA-256 over the SPKI DER bytes.</summary>
    public static string ComputeKeyId(ReadOnlySpan<byte> subjectPublicKeyInfo)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(subjectPublicKeyInfo, hash);
        return Convert.ToHexStringLower(hash[..8]);
    }

    /// <summary>
    /// Extracts the base64 body of the single PEM block with the expected label.
    /// Other labels are refused on purpose: ECDsa.ImportFromPem would happily take a public key
    /// where a private one is expected, or an SEC1 key where PKCS#8 is specified.
    /// </summary>
    public static byte[] DecodePem(string pem, string expectedLabel)
    {
        ArgumentNullException.ThrowIfNull(pem);
        if (!PemEncoding.TryFind(pem, out var fields))
        {
            throw new FormatException($"No PEM block found; expected '-----BEGIN {expectedLabel}-----'.");
        }

        var label = pem.AsSpan()[fields.Label];
        if (!label.SequenceEqual(expectedLabel))
        {
            throw new FormatException($"PEM block is '{label}', expected '{expectedLabel}'.");
        }

        return Convert.FromBase64String(pem[fields.Base64Data]);
    }
}
