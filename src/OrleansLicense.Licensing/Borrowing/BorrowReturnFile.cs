using OrleansLicense.Licensing.Keys;

namespace OrleansLicense.Licensing.Borrowing;

/// <summary>The offline return file: <c>{"borrowReturn": {…}, "keyId": "…", "signature": "…"}</c>, signed by the borrow's request key.</summary>
public static class BorrowReturnFile
{
    /// <summary>The payload's property name.</summary>
    public const string PayloadName = "borrowReturn";

    /// <summary>The format tag of version 1.</summary>
    public const string Format = "olic-borrow-return/1";

    private const string What = "borrow return file";

    /// <summary>Signs the return with the borrow's request key, whose public half must be the content's client key.</summary>
    /// <exception cref="ArgumentException">The content is invalid or names another key.</exception>
    public static string Create(BorrowReturnContent content, VendorKeyPair requestKey)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(requestKey);
        if (content.ClientKey != Convert.ToBase64String(requestKey.PublicKey.ExportSubjectPublicKeyInfo()))
        {
            throw new ArgumentException("The return's client key is not the public half of the signing key.", nameof(content));
        }

        var problem = Check(content);
        return problem is null ? SignedEnvelope.Write(PayloadName, content, requestKey) : throw new ArgumentException(problem, nameof(content));
    }

    /// <summary>Verifies the file's shape and self-signature; the server then checks the key is the borrow's.</summary>
    /// <exception cref="SignedFileException">borrow_file_invalid.</exception>
    public static BorrowReturnContent Read(string text)
    {
        var envelope = SignedEnvelope.Open(text, PayloadName, What);
        var content = SignedEnvelope.Read<BorrowReturnContent>(envelope, What);
        SignedEnvelope.Verify(envelope, content.ClientKey, pinned: null, What);
        var problem = Check(content);
        return problem is null ? content : throw SignedFileException.Invalid($"The {What} is invalid: {problem}");
    }

    private static string? Check(BorrowReturnContent content)
    {
        if (content.Format != Format)
        {
            return $"format must be '{Format}' (was '{content.Format}').";
        }

        if (!BorrowNonce.IsWellFormed(content.RequestId))
        {
            return "requestId must be 32 lowercase hex characters.";
        }

        return string.IsNullOrWhiteSpace(content.BorrowId) || string.IsNullOrWhiteSpace(content.Fingerprint)
            ? "borrowId and fingerprint must not be empty."
            : null;
    }
}
