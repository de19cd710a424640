using OrleansLicense.Licensing.Keys;

namespace OrleansLicense.Licensing.Borrowing;

/// <summary>
/// The offline borrow request file: <c>{"borrowRequest": {…}, "keyId": "…", "signature": "…"}</c>, signed by the
/// request's own key (<see cref="BorrowRequestContent.ClientKey"/>).
/// </summary>
public static class BorrowRequestFile
{
    /// <summary>The payload's property name.</summary>
    public const string PayloadName = "borrowRequest";

    /// <summary>The format tag of version 1.</summary>
    public const string Format = "olic-borrow-request/1";

    private const string What = "borrow request file";

    /// <summary>Signs the request with <paramref name="requestKey"/>, whose public half must be the content's client key.</summary>
    /// <exception cref="ArgumentException">The content is invalid or names another key.</exception>
    public static string Create(BorrowRequestContent content, VendorKeyPair requestKey)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(requestKey);
        if (content.ClientKey != Convert.ToBase64String(requestKey.PublicKey.ExportSubjectPublicKeyInfo()))
        {
            throw new ArgumentException("The request's client key is not the public half of the signing key.", nameof(content));
        }

        var problem = Check(content);
        return problem is null ? SignedEnvelope.Write(PayloadName, content, requestKey) : throw new ArgumentException(problem, nameof(content));
    }

    /// <summary>Verifies a request file: shape, self-signature, values and expiry.</summary>
    /// <exception cref="SignedFileException">borrow_file_invalid (tampered, malformed) or borrow_file_expired.</exception>
    public static VerifiedBorrowRequest Read(string text, DateTimeOffset now)
    {
        var envelope = SignedEnvelope.Open(text, PayloadName, What);
        var content = SignedEnvelope.Read<BorrowRequestContent>(envelope, What);
        SignedEnvelope.Verify(envelope, content.ClientKey, pinned: null, What);
        var problem = Check(content);
        if (problem is not null)
        {
            throw SignedFileException.Invalid($"The {What} is invalid: {problem}");
        }

        if (content.ExpiresAt <= now)
        {
            throw new SignedFileException(SignedFileErrorCodes.Expired, $"The {What} {content.RequestId} expired at {content.ExpiresAt:O}; write a new request on the offline machine.");
        }

        return new VerifiedBorrowRequest(content, SignedEnvelope.Digest(envelope));
    }

    private static string? Check(BorrowRequestContent content)
    {
        if (content.Format != Format)
        {
            return $"format must be '{Format}' (was '{content.Format}').";
        }

        if (!BorrowNonce.IsWellFormed(content.RequestId))
        {
            return "requestId must be 32 lowercase hex characters.";
        }

        if (string.IsNullOrWhiteSpace(content.Product) || string.IsNullOrWhiteSpace(content.Fingerprint))
        {
            return "product and fingerprint must not be empty.";
        }

        return BorrowChecks.Features(content.Features)
            ?? (content.Hours < 0 ? $"hours must not be negative (was {content.Hours})." : null)
            ?? (content.ExpiresAt <= content.CreatedAt ? "expiresAt must be after createdAt." : null);
    }
}
