using System.Security.Cryptography;
using System.Text;
using OrleansLicense.Grains.Access;

namespace OrleansLicense.Silo.Security.Access;

/// <summary>Named admins' tokens: made here, stored only as SHA-256 hashes in the grid's access list.</summary>
internal static class NamedAdmins
{
    /// <summary>The claim carrying a named admin's name (absent for the grid's own admin token).</summary>
    public const string ClaimType = "olic:admin";

    /// <summary>Letters, digits, '.', '-', '_', '@'; 1 to 64 characters.</summary>
    public static bool IsValidName(string name)
        => name.Length is > 0 and <= 64 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or '@');

    /// <summary>A new random token (256 bits, URL-safe base64).</summary>
    public static string NewToken() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>The stored form of a token.</summary>
    public static string Hash(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>The admin whose token this is, compared in constant time per admin; null when none.</summary>
    public static string? Find(IReadOnlyList<NamedAdmin> admins, string presented)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        string? found = null;
        foreach (var admin in admins)
        {
            if (CryptographicOperations.FixedTimeEquals(hash, Convert.FromHexString(admin.TokenHash)))
            {
                found = admin.Name;
            }
        }

        return found;
    }
}
