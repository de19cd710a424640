using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace OrleansLicense.Client.Addresses;

/// <summary>Parses a list of server addresses as written in code or in <c>ORLEANSLICENSE_URL</c> (R-CLI-3).</summary>
/// <remarks>
/// <para>Items are separated by commas or colons, with whitespace allowed around them. Each item is one of
/// <c>olic://host[:port]</c>, <c>port@host</c> or <c>host:port</c>, each an Orleans gateway (port 30000 by default; the
/// client's default transport, issue #13), or <c>http://host[:port][/path]</c> / <c>https://host[:port][/path]</c>, the
/// HTTP gateway API (an option). A host is a name, an IPv4 address or an IPv6 address in brackets. One list holds one
/// kind: Orleans gateways or HTTP URLs.</para>
/// <para>Because a colon both separates items and introduces a port, the list is not split on colons: the scanner
/// reads one address form at a time and takes <c>:digits</c> as a port unless the digits start a <c>port@host</c>
/// item. So <c>olic://a:8273:olic://b:8273</c> and <c>8273@a:8273@b</c> are two addresses each.</para>
/// </remarks>
public static class ServerAddressParser
{
    /// <summary>At most this many addresses are used; the rest are ignored with a warning.</summary>
    public const int MaxAddresses = 6;

    /// <summary>The port of an <c>olic://</c> address that names none: the Orleans gateway port.</summary>
    public const int DefaultPort = 30000;

    /// <summary>The scheme of an Orleans gateway address.</summary>
    public const string OrleansScheme = "olic";

    private const string ExpectedForms = "expected olic://host:port, port@host, http(s)://host:port or host:port, separated by commas or colons";

    /// <summary>Parses <paramref name="value"/> and returns the addresses (see <see cref="ParseDetailed(string)"/>).</summary>
    /// <param name="value">The address list.</param>
    /// <returns>URIs in order, without duplicates, at most <see cref="MaxAddresses"/>: <c>olic://host:port/</c> for Orleans
    /// gateways, base URIs (<c>http</c> or <c>https</c>, ending with <c>/</c>) for the HTTP API.</returns>
    /// <exception cref="FormatException">An item is not a server address; the message names it.</exception>
    public static IReadOnlyList<Uri> Parse(string value) => ParseDetailed(value).Addresses;

    /// <summary>Parses <paramref name="value"/>. Empty items are skipped, duplicates keep their first place, and
    /// addresses beyond <see cref="MaxAddresses"/> are dropped with a warning.</summary>
    /// <param name="value">The address list.</param>
    /// <returns>The addresses and the warnings.</returns>
    /// <exception cref="FormatException">An item is not a server address; the message names it.</exception>
    public static ServerAddressParseResult ParseDetailed(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var kept = new List<Uri>();
        var extras = new List<Uri>();
        var pos = 0;
        while (true)
        {
            SkipSeparators(value, ref pos);
            if (pos >= value.Length)
            {
                break;
            }

            var start = pos;
            var uri = ReadItem(value, ref pos, start);
            SkipWhitespace(value, ref pos);
            if (pos < value.Length && !IsSeparator(value[pos]))
            {
                throw Invalid(value, start, "unexpected text after the address");
            }

            if (kept.Contains(uri) || extras.Contains(uri))
            {
                continue;
            }

            (kept.Count < MaxAddresses ? kept : extras).Add(uri);
        }

        if (kept.Select(u => u.Scheme == OrleansScheme).Distinct().Count() > 1)
        {
            throw new FormatException($"'{value}' mixes Orleans gateways (olic://, port@host, host:port) and HTTP URLs; use one kind.");
        }

        IReadOnlyList<string> warnings = extras.Count == 0
            ? []
            : [$"Only the first {MaxAddresses} server addresses are used; ignored: {string.Join(", ", extras)}."];
        return new ServerAddressParseResult(kept, warnings);
    }

    private static Uri ReadItem(string s, ref int pos, int start)
    {
        if (TryReadScheme(s, ref pos, out var scheme))
        {
            var host = ReadHost(s, ref pos, start);
            var port = TryReadPort(s, ref pos, start);
            var path = ReadPath(s, ref pos, start);
            var defaultPort = scheme switch { "olic" => DefaultPort, "https" => 443, _ => 80 };

            if (scheme == OrleansScheme && path != "/")
            {
                throw Invalid(s, start, "an Orleans gateway address has no path");
            }

            return Build(s, start, scheme, host, port ?? defaultPort, path);
        }

        if (TryReadPortAt(s, ref pos, start, out var portAt))
        {
            return Build(s, start, OrleansScheme, ReadHost(s, ref pos, start), portAt, "/");
        }

        var bareHost = ReadHost(s, ref pos, start);
        if (pos + 2 < s.Length && s[pos] == ':' && s[pos + 1] == '/' && s[pos + 2] == '/')
        {
            throw Invalid(s, start, $"unknown scheme '{bareHost}'");
        }

        var barePort = TryReadPort(s, ref pos, start)
            ?? throw Invalid(s, start, "a port is required");
        return Build(s, start, OrleansScheme, bareHost, barePort, "/");
    }

    private static bool TryReadScheme(string s, ref int pos, out string scheme)
    {
        foreach (var candidate in (ReadOnlySpan<string>)["olic", "https", "http"])
        {
            var prefix = candidate + "://";
            if (s.AsSpan(pos).StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                pos += prefix.Length;
                scheme = candidate;
                return true;
            }
        }

        scheme = "";
        return false;
    }

    private static string ReadHost(string s, ref int pos, int start)
    {
        if (pos < s.Length && s[pos] == '[')
        {
            var close = s.IndexOf(']', pos);
            if (close < 0)
            {
                throw Invalid(s, start, "an IPv6 address must end with ']'");
            }

            var inner = s[(pos + 1)..close];
            if (!IPAddress.TryParse(inner, out var ip) || ip.AddressFamily != AddressFamily.InterNetworkV6)
            {
                throw Invalid(s, start, $"'{inner}' is not an IPv6 address");
            }

            pos = close + 1;
            return "[" + inner + "]";
        }

        var begin = pos;
        while (pos < s.Length && (char.IsAsciiLetterOrDigit(s[pos]) || s[pos] is '-' or '.' or '_'))
        {
            pos++;
        }

        if (pos == begin)
        {
            throw Invalid(s, start, "the host is missing");
        }

        var host = s[begin..pos];
        if (Uri.CheckHostName(host) is not (UriHostNameType.Dns or UriHostNameType.IPv4))
        {
            throw Invalid(s, start, $"'{host}' is not a host name or IPv4 address");
        }

        return host;
    }

    // ":digits" is a port unless the digits are followed by '@': then the colon separates items and the digits
    // begin the next item's port@host form.
    private static int? TryReadPort(string s, ref int pos, int start)
    {
        if (pos >= s.Length || s[pos] != ':')
        {
            return null;
        }

        var end = pos + 1;
        while (end < s.Length && char.IsAsciiDigit(s[end]))
        {
            end++;
        }

        if (end == pos + 1 || (end < s.Length && s[end] == '@'))
        {
            return null;
        }

        var port = ToPort(s, start, s[(pos + 1)..end]);
        pos = end;
        return port;
    }

    private static bool TryReadPortAt(string s, ref int pos, int start, out int port)
    {
        var end = pos;
        while (end < s.Length && char.IsAsciiDigit(s[end]))
        {
            end++;
        }

        if (end == pos || end >= s.Length || s[end] != '@')
        {
            port = 0;
            return false;
        }

        port = ToPort(s, start, s[pos..end]);
        pos = end + 1;
        return true;
    }

    private static int ToPort(string s, int start, string digits)
    {
        if (digits.Length > 5
            || !int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            || port is < 1 or > 65535)
        {
            throw Invalid(s, start, $"port {digits} is outside 1-65535");
        }

        return port;
    }

    // A path (for a gateway behind a reverse proxy) runs to the next separator; it may not hold a colon, which
    // would be ambiguous with the separator.
    private static string ReadPath(string s, ref int pos, int start)
    {
        if (pos >= s.Length || s[pos] != '/')
        {
            return "/";
        }

        var begin = pos;
        while (pos < s.Length && !IsSeparator(s[pos]) && !char.IsWhiteSpace(s[pos]))
        {
            if (s[pos] is '?' or '#')
            {
                throw Invalid(s, start, "a query or fragment is not allowed");
            }

            pos++;
        }

        var path = s[begin..pos];
        return path.EndsWith('/') ? path : path + "/";
    }

    private static Uri Build(string s, int start, string scheme, string host, int port, string path)
    {
        var text = string.Create(CultureInfo.InvariantCulture, $"{scheme}://{host}:{port}{path}");
        return Uri.TryCreate(text, UriKind.Absolute, out var uri)
            ? uri
            : throw Invalid(s, start, "it does not form a valid URI");
    }

    private static void SkipSeparators(string s, ref int pos)
    {
        while (pos < s.Length && (IsSeparator(s[pos]) || char.IsWhiteSpace(s[pos])))
        {
            pos++;
        }
    }

    private static void SkipWhitespace(string s, ref int pos)
    {
        while (pos < s.Length && char.IsWhiteSpace(s[pos]))
        {
            pos++;
        }
    }

    private static bool IsSeparator(char c) => c is ',' or ':';

    // The item is named as written, up to the next comma: colons cannot delimit it, since they may be ports.
    private static FormatException Invalid(string s, int start, string reason)
    {
        var comma = s.IndexOf(',', start);
        var item = (comma < 0 ? s[start..] : s[start..comma]).Trim();
        return new FormatException($"'{item}' is not a server address ({reason}); {ExpectedForms}.");
    }
}
