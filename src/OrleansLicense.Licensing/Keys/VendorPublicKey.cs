using System.Security.Cryptography;

namespace OrleansLicense.Licensing.Keys;

/// <summary>
/// An ECDSA P-256 public key (vendor or server), held as its SubjectPublicKeyInfo DER bytes.
/// Immutable and thread-safe: a fresh <see cref="ECDsa"/> is created per operation, so no
/// disposable native handle has to be owned or shared across threads.
/// </summary>
public sealed class VendorPublicKey
{
    private const string PemLabel = "PUBLIC KEY";
    private readonly byte[] spki;

    private VendorPublicKey(byte[] spki)
    {
        this.spki = spki;
        KeyId = P256.ComputeKeyId(spki);
    }

    /// <summary>The stable key id: first 16 hex characters of SHA-256 over the SPKI DER bytes.</summary>
    public string KeyId { get; }

    /// <summary>Imports a SubjectPublicKeyInfo PEM (<c>-----BEGIN PUBLIC KEY-----</c>) on P-256.</summary>
    /// <exception cref="FormatException">The text is not a P-256 public key PEM.</exception>
    public static VendorPublicKey FromPem(string pem) =>
        FromSubjectPublicKeyInfo(P256.DecodePem(pem, PemLabel));

    /// <summary>Imports SubjectPublicKeyInfo DER bytes of a P-256 key.</summary>
    /// <exception cref="FormatException">The bytes are not a P-256 SubjectPublicKeyInfo.</exception>
    public static VendorPublicKey FromSubjectPublicKeyInfo(ReadOnlySpan<byte> der)
    {
        using var ecdsa = ECDsa.Create();
        try
        {
            ecdsa.ImportSubjectPublicKeyInfo(der, out var read);
            if (read != der.Length)
            {
                throw new FormatException("Trailing bytes after the SubjectPublicKeyInfo.");
            }
        }
        catch (CryptographicException ex)
        {
            throw new FormatException("Not a valid SubjectPublicKeyInfo public key.", ex);
        }

        P256.EnsureP256(ecdsa, "public key");

        // Re-export so the key id is computed over one canonical DER encoding of the key.
        return new VendorPublicKey(ecdsa.ExportSubjectPublicKeyInfo());
    }

    /// <summary>A copy of the SubjectPublicKeyInfo DER bytes.</summary>
    public byte[] ExportSubjectPublicKeyInfo() => (byte[])spki.Clone();

    /// <summary>The key as SubjectPublicKeyInfo PEM (<c>-----BEGIN PUBLIC KEY-----</c>).</summary>
    public string ExportPem() => new(PemEncoding.Write(PemLabel, spki));

    /// <summary>A verifier for signatures made by the matching private key.</summary>
    public SignatureVerifier CreateVerifier() => new(this);

    /// <summary>Creates a new native key object; the caller disposes it.</summary>
    internal ECDsa CreateEcdsa()
    {
        var ecdsa = ECDsa.Create();
        ecdsa.ImportSubjectPublicKeyInfo(spki, out _);
        return ecdsa;
    }

    /// <inheritdoc />
    public override string ToString() => $"P-256 public key {KeyId}";
}
