using System.Security.Cryptography;
using System.Text;
using OrleansLicense.Silo.Borrowing;

namespace OrleansLicense.Silo.Endpoints.Gateway;

/// <summary>
/// Session ids: made here, never by clients, so that one client can neither guess nor take over another's
/// session (issue 14, item 1).
/// </summary>
/// <remarks>
/// A login's request id makes its session id, so that a retry of that login finds its session again on any
/// silo. The id is an HMAC of the request id under a key every silo of the grid derives from the grid's
/// server signing key: knowing or guessing a request id does not give the session id, which only the silo's
/// answer to the client carries. The key is derived once, on first use, after the silo adopted the grid's key.
/// </remarks>
internal sealed class SessionIds(ServerSigningKey signingKey)
{
    /// <summary>Longest id accepted in a path.</summary>
    public const int MaxLength = 128;

    private readonly Lazy<byte[]> _key = new(() => HKDF.DeriveKey(
        HashAlgorithmName.SHA256,
        ikm: Encoding.UTF8.GetBytes(signingKey.Key.ExportPrivateKeyPem()),
        outputLength: 32,
        salt: [],
        info: "olic session ids v1"u8.ToArray()));

    /// <summary>A new id: 128 random bits as 32 lowercase hex characters.</summary>
    public static string New() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>The id of the session a login with this request id makes: the same for every retry of that login, on any silo of the grid.</summary>
    public string ForLoginRequest(string requestId)
        => Convert.ToHexStringLower(HMACSHA256.HashData(_key.Value, Encoding.UTF8.GetBytes("login:" + requestId)).AsSpan(0, 16));

    /// <summary>
    /// True when <paramref name="id"/> could be a session id (hex or base64url characters). Anything
    /// else is answered 404 without activating a grain for it.
    /// </summary>
    public static bool IsWellFormed(string? id)
        => id is { Length: > 0 and <= MaxLength } && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
