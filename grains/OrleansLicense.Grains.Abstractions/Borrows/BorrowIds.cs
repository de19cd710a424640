using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace OrleansLicense.Grains.Borrows;

/// <summary>Borrow ids: <c>b</c> + 32 random hex characters online; <c>o</c> + the request id for an offline request, so a request can be lent only once.</summary>
public static partial class BorrowIds
{
    /// <summary>A new id for an online borrow.</summary>
    public static string New() => "b" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>The id of the borrow that answers an offline request.</summary>
    public static string ForRequest(string requestId) => "o" + requestId;

    /// <summary>True when the text has the shape of a borrow id.</summary>
    public static bool IsWellFormed(string? id) => id is not null && Shape().IsMatch(id);

    [GeneratedRegex(@"^[bo][0-9a-f]{32}\z", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();
}
