using System.Security.Cryptography;
using System.Text;

namespace OrleansLicense.Silo.Security;

/// <summary>The admin bearer token of this silo, compared in constant time.</summary>
internal sealed class AdminToken
{
    private readonly byte[] _hash;

    public AdminToken(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        _hash = SHA256.HashData(Encoding.UTF8.GetBytes(value));
    }

    /// <summary>
    /// True when <paramref name="presented"/> is the token. Both sides are hashed first so the
    /// comparison takes the same time whatever the length or the first differing byte.
    /// </summary>
    public bool Matches(string? presented)
    {
        if (string.IsNullOrEmpty(presented))
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(_hash, SHA256.HashData(Encoding.UTF8.GetBytes(presented)));
    }

    /// <summary>
    /// A key for <paramref name="purpose"/> derived from the token: every silo holding the token derives the same key,
    /// and a new token makes every value signed with the old key worthless.
    /// </summary>
    public byte[] DeriveKey(string purpose) => HMACSHA256.HashData(_hash, Encoding.UTF8.GetBytes(purpose));
}
