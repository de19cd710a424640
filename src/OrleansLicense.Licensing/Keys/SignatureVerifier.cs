using System.Security.Cryptography;

namespace OrleansLicense.Licensing.Keys;

/// <summary>Verifies ECDSA P-256 / SHA-256 signatures in IEEE P1363 format made by a <see cref="Signer"/>.</summary>
public sealed class SignatureVerifier
{
    private readonly VendorPublicKey publicKey;

    /// <summary>Creates a verifier for the public key.</summary>
    public SignatureVerifier(VendorPublicKey publicKey)
    {
        ArgumentNullException.ThrowIfNull(publicKey);
        this.publicKey = publicKey;
    }

    /// <summary>The id of the key whose signatures are checked.</summary>
    public string KeyId => publicKey.KeyId;

    /// <summary>True when the signature is a valid P1363 signature of the data by this key; never throws for bad input.</summary>
    public bool Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        // A wrong length can never be valid; refusing early keeps odd inputs away from the native code.
        if (signature.Length != P256.SignatureLength)
        {
            return false;
        }

        using var ecdsa = publicKey.CreateEcdsa();
        return ecdsa.VerifyData(data, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }
}
