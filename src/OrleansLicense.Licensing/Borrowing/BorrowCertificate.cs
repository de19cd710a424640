using OrleansLicense.Licensing.Keys;

namespace OrleansLicense.Licensing.Borrowing;

/// <summary>
/// The borrow certificate (the offline borrow's response file): <c>{"borrow": {…}, "keyId": "…", "signature": "…"}</c>
/// signed by the server's key, which the payload names (<see cref="BorrowCertificateContent.ServerKey"/>) and a
/// client may pin.
/// </summary>
public static class BorrowCertificate
{
    /// <summary>The payload's property name.</summary>
    public const string PayloadName = "borrow";

    /// <summary>The format tag of version 1.</summary>
    public const string Format = "olic-borrow/1";

    private const string What = "borrow certificate";

    /// <summary>Signs a certificate with the server key; <see cref="BorrowCertificateContent.Format"/> and <see cref="BorrowCertificateContent.ServerKey"/> are set here.</summary>
    /// <exception cref="ArgumentException">The content is invalid.</exception>
    public static string Issue(BorrowCertificateContent content, VendorKeyPair serverKey)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(serverKey);
        var complete = content with { Format = Format, ServerKey = Convert.ToBase64String(serverKey.PublicKey.ExportSubjectPublicKeyInfo()) };
        var problem = Check(complete);
        return problem is null ? SignedEnvelope.Write(PayloadName, complete, serverKey) : throw new ArgumentException(problem, nameof(content));
    }

    /// <summary>Checks the signature (against <paramref name="pinnedServerKey"/> when given) and the values; not expiry or fingerprint.</summary>
    /// <exception cref="SignedFileException">borrow_file_invalid.</exception>
    public static BorrowCertificateContent Verify(string text, VendorPublicKey? pinnedServerKey)
    {
        var envelope = SignedEnvelope.Open(text, PayloadName, What);
        var content = SignedEnvelope.Read<BorrowCertificateContent>(envelope, What);
        SignedEnvelope.Verify(envelope, content.ServerKey, pinnedServerKey, What);
        var problem = Check(content);
        return problem is null ? content : throw SignedFileException.Invalid($"The {What} is invalid: {problem}");
    }

    /// <summary>Checks that a verified certificate is for this machine and still running.</summary>
    /// <exception cref="SignedFileException">fingerprint_mismatch or borrow_file_expired.</exception>
    public static void CheckUsable(BorrowCertificateContent content, string fingerprint, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (!string.Equals(content.Fingerprint, fingerprint, StringComparison.Ordinal))
        {
            throw new SignedFileException(SignedFileErrorCodes.FingerprintMismatch, $"Borrow {content.BorrowId} was lent to machine '{content.Fingerprint}', not to this machine '{fingerprint}'.");
        }

        if (content.Until <= now)
        {
            throw new SignedFileException(SignedFileErrorCodes.Expired, $"Borrow {content.BorrowId} ended at {content.Until:O}.");
        }
    }

    private static string? Check(BorrowCertificateContent content)
    {
        if (content.Format != Format)
        {
            return $"format must be '{Format}' (was '{content.Format}').";
        }

        if (string.IsNullOrWhiteSpace(content.BorrowId) || string.IsNullOrWhiteSpace(content.LicenseId) || string.IsNullOrWhiteSpace(content.Fingerprint))
        {
            return "borrowId, licenseId and fingerprint must not be empty.";
        }

        if (content.Features.Count == 0)
        {
            return "a borrow lends at least one feature.";
        }

        if (content.Offline && (!BorrowNonce.IsWellFormed(content.RequestId) || string.IsNullOrEmpty(content.RequestDigest)))
        {
            return "an offline borrow names its request id and digest.";
        }

        return BorrowChecks.Features(content.Features) ?? (content.Until <= content.BorrowedAt ? "until must be after borrowedAt." : null);
    }
}
