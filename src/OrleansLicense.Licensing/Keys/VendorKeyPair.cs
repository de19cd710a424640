using System.Security.Cryptography;

namespace OrleansLicense.Licensing.Keys;

/// <summary>
/// An ECDSA P-256 key pair: the vendor's license-signing key, and equally a server's own key for
/// signed borrow responses and usage exports. Held as PKCS#8 bytes; a fresh <see cref="ECDsa"/> is
/// created per operation so the type is immutable, thread-safe and needs no disposal.
/// </summary>
public sealed class VendorKeyPair
{
    private const string PemLabel = "PRIVATE KEY";
    private readonly byte[] pkcs8;

    private VendorKeyPair(byte[] pkcs8, VendorPublicKey publicKey)
    {
        this.pkcs8 = pkcs8;
        PublicKey = publicKey;
    }

    /// <summary>The public half.</summary>
    public VendorPublicKey PublicKey { get; }

    /// <summary>The key id of the public half.</summary>
    public string KeyId => PublicKey.KeyId;

    /// <summary>Generates a new random P-256 key pair.</summary>
    public static VendorKeyPair Generate()
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return FromEcdsa(ecdsa);
    }

    /// <summary>Imports an unencrypted PKCS#8 PEM (<c>-----BEGIN PRIVATE KEY-----</c>) on P-256.</summary>
    /// <exception cref="FormatException">The text is not a P-256 PKCS#8 private key PEM.</exception>
    public static VendorKeyPair FromPrivateKeyPem(string pem)
    {
        var der = P256.DecodePem(pem, PemLabel);
        using var ecdsa = ECDsa.Create();
        try
        {
            ecdsa.ImportPkcs8PrivateKey(der, out var read);
            if (read != der.Length)
            {
                throw new FormatException("Trailing bytes after the PKCS#8 private key.");
            }
        }
        catch (CryptographicException ex)
        {
            throw new FormatException("Not a valid PKCS#8 private key.", ex);
        }

        P256.EnsureP256(ecdsa, "private key");
        return FromEcdsa(ecdsa);
    }

    /// <summary>The private key as unencrypted PKCS#8 PEM. Treat the result as a secret.</summary>
    public string ExportPrivateKeyPem() => new(PemEncoding.Write(PemLabel, pkcs8));

    /// <summary>The public key as SubjectPublicKeyInfo PEM.</summary>
    public string ExportPublicKeyPem() => PublicKey.ExportPem();

    /// <summary>A signer using this key.</summary>
    public Signer CreateSigner() => new(this);

    /// <summary>Creates a new native key object; the caller disposes it.</summary>
    internal ECDsa CreateEcdsa()
    {
        var ecdsa = ECDsa.Create();
        ecdsa.ImportPkcs8PrivateKey(pkcs8, out _);
        return ecdsa;
    }

    private static VendorKeyPair FromEcdsa(ECDsa ecdsa) =>
        new(ecdsa.ExportPkcs8PrivateKey(), VendorPublicKey.FromSubjectPublicKeyInfo(ecdsa.ExportSubjectPublicKeyInfo()));

    /// <inheritdoc />
    public override string ToString() => $"P-256 key pair {KeyId}";
}
