using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace OrleansLicense.Licensing.Borrowing;

/// <summary>Request ids of borrow files: 128 random bits as 32 lowercase hex characters, never reused.</summary>
public static partial class BorrowNonce
{
    /// <summary>A new random request id.</summary>
    public static string New() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>True when the text has the shape of a request id.</summary>
    public static bool IsWellFormed(string? text) => text is not null && Shape().IsMatch(text);

    [GeneratedRegex(@"^[0-9a-f]{32}\z", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();
}
