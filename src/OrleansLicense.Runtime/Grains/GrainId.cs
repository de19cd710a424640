namespace OrleansLicense.Runtime.Grains;

/// <summary>
/// The identity of a grain: its type name and a string key. Every grain exists virtually; the
/// runtime activates it on first call.
/// </summary>
/// <param name="Type">The grain type name (see <see cref="GrainTypeAttribute"/>).</param>
/// <param name="Key">The key within the type, such as a license id.</param>
public readonly record struct GrainId(string Type, string Key)
{
    /// <summary>The text form <c>type/key</c>, used in storage and logs.</summary>
    public override string ToString() => $"{Type}/{Key}";

    /// <summary>Parses the text form written by <see cref="ToString"/>.</summary>
    /// <exception cref="FormatException">The text has no <c>/</c> or an empty type.</exception>
    public static GrainId Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0)
        {
            throw new FormatException($"'{text}' is not a grain id of the form type/key.");
        }

        return new GrainId(text[..slash], text[(slash + 1)..]);
    }

    /// <summary>
    /// A stable 32-bit hash of the id (FNV-1a over UTF-8), the same on every silo and every run;
    /// reminders are owned by hash range and placement hashes on it.
    /// </summary>
    public uint StableHash()
    {
        const uint offset = 2166136261;
        const uint prime = 16777619;
        var hash = offset;
        foreach (var b in System.Text.Encoding.UTF8.GetBytes(ToString()))
        {
            hash = (hash ^ b) * prime;
        }

        return hash;
    }
}
