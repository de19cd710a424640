using System.Security.Cryptography;
using System.Text;
using OrleansLicense.Grains.Sessions;
using OrleansLicense.Silo.Borrowing;

namespace OrleansLicense.Silo.Endpoints.Gateway;

/// <summary>
/// Session ids: made here, never by clients, so that one client can neither guess nor take over another's
/// session (issue 14, item 1). Each carries this grid's tag, so that a session that never stored its row (it ended
/// before its first heartbeat, or its silo died first) is still known from its id alone (<see cref="IIssuedSessionIds"/>).
/// </summary>
/// <remarks>
/// An id is 16 bytes and an 8-byte HMAC tag of them, as 48 lowercase hex characters. The 16 bytes are 12 of its own
/// (random, or made from the login's request id) and the 4-byte hint of the pools that may hold its seats
/// (<see cref="SessionHints"/>), which a logout reads. A login's request id makes its session id, so that a retry of that login finds its session again
/// on any silo. Both the id and the tag are HMACs under a key every silo of the grid derives from the grid's server
/// signing key: knowing or guessing a request id does not give the session id, which only the silo's answer to the
/// client carries, and no id can be made up that passes as issued. The key is derived once the silo has adopted the
/// grid's key; before that no id counts as issued (grains may already run), and none is made.
/// </remarks>
internal sealed class SessionIds(ServerSigningKeyLoader signingKey) : IIssuedSessionIds
{
    /// <summary>Longest id accepted in a path.</summary>
    public const int MaxLength = 128;

    private const int PartBytes = 16;
    private const int OwnBytes = 12;
    private const int TagBytes = 8;

    /// <summary>The length of an id this grid issues.</summary>
    public const int IssuedLength = 2 * (PartBytes + TagBytes);

    private byte[]? _key;

    /// <summary>A new id for a login to <paramref name="product"/> with these features: 96 random bits, the hint and their tag.</summary>
    public string New(string product, IEnumerable<string> features)
        => Tagged(RandomNumberGenerator.GetBytes(OwnBytes), SessionHints.Of(product, features));

    /// <summary>
    /// The id of the session a login with this request id makes: the same for every retry of that login (the same
    /// product and features), on any silo of the grid.
    /// </summary>
    public string ForLoginRequest(string requestId, string product, IEnumerable<string> features)
        => Tagged(HMACSHA256.HashData(AdoptedKey(), Encoding.UTF8.GetBytes("login:" + requestId)).AsSpan(0, OwnBytes), SessionHints.Of(product, features));

    /// <inheritdoc />
    public bool WasIssued(string sessionId)
    {
        if (sessionId is not { Length: IssuedLength } || Key() is not { } key)
        {
            return false;
        }

        Span<byte> id = stackalloc byte[PartBytes + TagBytes];
        if (Convert.FromHexString(sessionId, id, out _, out var written) != System.Buffers.OperationStatus.Done || written != id.Length)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(Tag(key, id[..PartBytes]), id[PartBytes..]);
    }

    /// <inheritdoc />
    public bool CanTell => Key() is not null;

    /// <summary>
    /// True when <paramref name="id"/> could be a session id (hex or base64url characters). Anything
    /// else is answered 404 without activating a grain for it.
    /// </summary>
    public static bool IsWellFormed(string? id)
        => id is { Length: > 0 and <= MaxLength } && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    private string Tagged(ReadOnlySpan<byte> own, uint hint)
    {
        Span<byte> part = stackalloc byte[PartBytes];
        own.CopyTo(part);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(part[OwnBytes..], hint);
        return Convert.ToHexStringLower(part) + Convert.ToHexStringLower(Tag(AdoptedKey(), part));
    }

    private static byte[] Tag(byte[] key, ReadOnlySpan<byte> part)
    {
        Span<byte> message = stackalloc byte[8 + PartBytes];
        "session:"u8.CopyTo(message);
        part.CopyTo(message[8..]);
        return HMACSHA256.HashData(key, message)[..TagBytes];
    }

    private byte[] AdoptedKey()
        => Key() ?? throw new InvalidOperationException("Session ids are made once the silo has adopted the grid's server signing key.");

    // Derived once the grid's key is adopted; a race derives the same bytes twice.
    private byte[]? Key()
    {
        if (_key is null && signingKey.Adopted is { } adopted)
        {
            _key = HKDF.DeriveKey(
                HashAlgorithmName.SHA256,
                ikm: Encoding.UTF8.GetBytes(adopted.Key.ExportPrivateKeyPem()),
                outputLength: 32,
                salt: [],
                info: "olic session ids v1"u8.ToArray());
        }

        return _key;
    }
}
