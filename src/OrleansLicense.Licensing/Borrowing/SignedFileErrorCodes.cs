namespace OrleansLicense.Licensing.Borrowing;

/// <summary>
/// The stable codes of <see cref="SignedFileException"/>; they equal the HTTP API's codes of the same name, so a
/// server passes them through unchanged.
/// </summary>
public static class SignedFileErrorCodes
{
    /// <summary>Malformed, tampered with (the signature does not match), or signed by the wrong key.</summary>
    public const string Invalid = "borrow_file_invalid";

    /// <summary>The file, or the borrow it grants, is past its expiry.</summary>
    public const string Expired = "borrow_file_expired";

    /// <summary>The file was already used.</summary>
    public const string Replayed = "borrow_replayed";

    /// <summary>The file belongs to another machine.</summary>
    public const string FingerprintMismatch = "fingerprint_mismatch";
}
