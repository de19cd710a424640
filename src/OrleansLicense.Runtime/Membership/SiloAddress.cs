namespace OrleansLicense.Runtime.Membership;

/// <summary>
/// A silo's identity: its silo-to-silo endpoint and its generation (the start epoch in
/// milliseconds), so a restarted process on the same port is a different silo.
/// </summary>
public sealed record SiloAddress(string Host, int Port, long Generation)
{
    /// <summary>The text form <c>host:port@generation</c>.</summary>
    public override string ToString() => $"{Host}:{Port}@{Generation}";

    /// <summary>Parses the text form, or returns false.</summary>
    public static bool TryParse(string? text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out SiloAddress? address)
    {
        try
        {
            address = text is null ? null : Parse(text);
            return address is not null;
        }
        catch (FormatException)
        {
            address = null;
            return false;
        }
    }

    /// <summary>Parses the text form written by <see cref="ToString"/>.</summary>
    /// <exception cref="FormatException">The text is not <c>host:port@generation</c>.</exception>
    public static SiloAddress Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var at = text.LastIndexOf('@');
        var colon = at > 0 ? text.LastIndexOf(':', at - 1) : -1;
        if (colon <= 0
            || !int.TryParse(text.AsSpan(colon + 1, at - colon - 1), System.Globalization.CultureInfo.InvariantCulture, out var port)
            || !long.TryParse(text.AsSpan(at + 1), System.Globalization.CultureInfo.InvariantCulture, out var generation))
        {
            throw new FormatException($"'{text}' is not a silo address of the form host:port@generation.");
        }

        return new SiloAddress(text[..colon], port, generation);
    }
}
