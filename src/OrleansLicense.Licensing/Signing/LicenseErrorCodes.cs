namespace OrleansLicense.Licensing.Signing;

/// <summary>The stable codes carried by <see cref="LicenseValidationException.Code"/>.</summary>
public static class LicenseErrorCodes
{
    /// <summary>
    /// The file is malformed, signed by an unknown or not-allowed key, has a bad signature,
    /// duplicate or missing properties, or invalid field values.
    /// </summary>
    public const string SignatureInvalid = "license_signature_invalid";

    /// <summary>The license expired (Expires &lt;= now).</summary>
    public const string Expired = "license_expired";

    /// <summary>The license is bound to another server or cluster, or is server-bound and used in a triad (R-LIC-3).</summary>
    public const string BindingMismatch = "license_binding_mismatch";
}
