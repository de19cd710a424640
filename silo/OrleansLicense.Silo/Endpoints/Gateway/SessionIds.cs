using System.Security.Cryptography;
using System.Text;

namespace OrleansLicense.Silo.Endpoints.Gateway;

/// <summary>Session ids: generated here, never by clients, so one client cannot guess or take over another's session.</summary>
internal static class SessionIds
{
    /// <summary>Longest id accepted in a path.</summary>
    public const int MaxLength = 128;

    /// <summary>A new id: 128 random bits as 32 lowercase hex characters.</summary>
    public static string New() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>
    /// The id of the session a login with this request id makes: the same for every retry of that
    /// login, on any silo. Hashed, so a client cannot choose another session's id, only find its own again.
    /// </summary>
    public static string ForLoginRequest(string requestId)
        => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("login:" + requestId)).AsSpan(0, 16));

    /// <summary>
    /// True when <paramref name="id"/> could be a session id (hex or base64url characters). Anything
    /// else is answered 404 without activating a grain for it.
    /// </summary>
    public static bool IsWellFormed(string? id)
        => id is { Length: > 0 and <= MaxLength } && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
