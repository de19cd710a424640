using System.Security.Cryptography;

namespace OrleansLicense.Licensing.Keys;

/// <summary>
/// Signs bytes with ECDSA P-256 / SHA-256, producing IEEE P1363 signatures (r‖s, 64 bytes):
/// fixed-length and trivially portable, unlike DER. Reusable for any signed artefact.
/// </summary>
public sealed class Signer
{
    private readonly VendorKeyPair keyPair;

    /// <summary>Creates a signer for the key pair.</summary>
    public Signer(VendorKeyPair keyPair)
    {
        ArgumentNullException.ThrowIfNull(keyPair);
        this.keyPair = keyPair;
    }

    /// <summary>The id of the key that signs.</summary>
    public string KeyId => keyPair.KeyId;

    /// <summary>Signs the data; returns a 64-byte P1363 signature.</summary>
    public byte[] Sign(ReadOnlySpan<byte> data)
    {
        using var ecdsa = keyPair.CreateEcdsa();
        return ecdsa.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }
}
