using System.Globalization;

namespace OrleansLicense.Grains.Sessions;

/// <summary>
/// Which pools may hold a session, carried in its id: 32 bits with two set for its product and two for each feature it
/// logged in with. A logout reads them to find the pools of a session that stored nothing yet, without asking every pool.
/// A hint only narrows: a pool it names may hold nothing of the session, and an id without one names every pool.
/// </summary>
public static class SessionHints
{
    // Where an issued id carries it: 12 bytes of id, then these 4, then the 8-byte tag, all as hex.
    private const int HexStart = 24;
    private const int HexLength = 8;
    private const int IssuedIdLength = 48;

    /// <summary>The hint of a login to <paramref name="product"/> with these features.</summary>
    public static uint Of(string product, IEnumerable<string> features)
    {
        ArgumentNullException.ThrowIfNull(features);
        var hint = Bits("p:", product);
        foreach (var feature in features)
        {
            hint |= Bits("f:", feature);
        }

        return hint;
    }

    /// <summary>The hint an id carries, or null when it has none (not an id this grid's current silos issue).</summary>
    public static uint? InId(string sessionId)
        => sessionId is { Length: IssuedIdLength }
            && uint.TryParse(sessionId.AsSpan(HexStart, HexLength), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hint)
                ? hint
                : null;

    /// <summary>True when a session with <paramref name="hint"/> may hold seats of this product's feature.</summary>
    public static bool MayHold(uint? hint, string product, string feature)
    {
        if (hint is not uint bits)
        {
            return true;
        }

        var wanted = Bits("p:", product) | Bits("f:", feature);
        return (bits & wanted) == wanted;
    }

    // Two of 32 bits from a 64-bit FNV-1a of the name: stable across processes and versions, unlike string hash codes.
    private static uint Bits(string prefix, string name)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in prefix)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        foreach (var c in name)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return (1u << (int)(hash & 31)) | (1u << (int)((hash >> 32) & 31));
    }
}
