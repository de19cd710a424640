namespace OrleansLicense.Licensing.Signing;

/// <summary>
/// Property names of the signed license file
/// <c>{"license":{...},"keyId":"…","signature":"&lt;base64&gt;"}</c>; the signature is ECDSA
/// P-256/SHA-256 in IEEE P1363 format over the canonical bytes of the <c>license</c> element.
/// </summary>
public static class SignedLicenseFormat
{
    /// <summary>The signed license document.</summary>
    public const string License = "license";

    /// <summary>Id of the signing key.</summary>
    public const string KeyId = "keyId";

    /// <summary>Base64 (standard alphabet, padded) P1363 signature.</summary>
    public const string Signature = "signature";
}
