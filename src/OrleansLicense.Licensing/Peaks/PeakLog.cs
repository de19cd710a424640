using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using OrleansLicense.Licensing.Borrowing;
using OrleansLicense.Licensing.Canonicalization;
using OrleansLicense.Licensing.Keys;

namespace OrleansLicense.Licensing.Peaks;

/// <summary>
/// The daily peak export in the seed's format (R-USE-3). The text is UTF-8 with <c>\n</c> line ends:
/// <code>
/// #type:userPeakLog sn:&lt;sn&gt; time:&lt;yyyy-MM-ddTHH:mm:ssZ&gt; sign:&lt;sign&gt;
/// [
///     {
///         "time": "2024-05-09",
///         "feature": { "draw": 3, "render": 1 },
///         "sn": 3
///     },
///     {
///         "time": "2024-05-11"
///     }
/// ]
/// </code>
/// The list is JSON (the seed's layout with quoted names); a day without use carries only its date. <c>sn</c> in the
/// header is the license id with whitespace and <c>%</c> percent-encoded. <c>sign</c> is base64 of the 64-byte
/// ECDSA P-256/SHA-256 signature (IEEE P1363) followed by the signing server's public key (SubjectPublicKeyInfo
/// DER). What is signed: the UTF-8 bytes of the whole text with the sign value empty, i.e. the header line ending
/// in <c>sign:</c>, then <c>\n</c> and the list exactly as in the file.
/// </summary>
public static partial class PeakLog
{
    /// <summary>The type tag of the header.</summary>
    public const string Type = "userPeakLog";

    private const string What = "peak log";
    private const int SignatureLength = 64;

    /// <summary>Writes and signs a peak log.</summary>
    public static string Write(string sn, DateTimeOffset exportTime, IReadOnlyList<PeakDay> days, VendorKeyPair serverKey)
    {
        ArgumentException.ThrowIfNullOrEmpty(sn);
        ArgumentNullException.ThrowIfNull(days);
        ArgumentNullException.ThrowIfNull(serverKey);
        var header = Header(EncodeSn(sn), exportTime.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        var body = Body(days);
        var signature = serverKey.CreateSigner().Sign(Encoding.UTF8.GetBytes(header + "\n" + body));
        var sign = Convert.ToBase64String([.. signature, .. serverKey.PublicKey.ExportSubjectPublicKeyInfo()]);
        return header + sign + "\n" + body;
    }

    /// <summary>Parses a peak log and checks its signature (against <paramref name="pinnedServerKey"/> when given).</summary>
    /// <exception cref="SignedFileException">borrow_file_invalid: not the format, or changed after signing.</exception>
    public static PeakLogContent Read(string text, VendorPublicKey? pinnedServerKey)
    {
        ArgumentNullException.ThrowIfNull(text);
        var newline = text.IndexOf('\n', StringComparison.Ordinal);
        var match = newline < 0 ? null : HeaderLine().Match(text[..newline]);
        if (match is null || !match.Success)
        {
            throw SignedFileException.Invalid($"The {What} does not start with '#type:{Type} sn:… time:… sign:…'.");
        }

        var body = text[(newline + 1)..];
        var blob = SignedEnvelope.DecodeBase64(match.Groups["sign"].Value, "sign value", What);
        if (blob.Length <= SignatureLength)
        {
            throw SignedFileException.Invalid($"The {What}'s sign value is too short.");
        }

        VendorPublicKey signer;
        try
        {
            signer = VendorPublicKey.FromSubjectPublicKeyInfo(blob.AsSpan(SignatureLength));
        }
        catch (Exception ex) when (ex is FormatException or PlatformNotSupportedException)
        {
            throw SignedFileException.Invalid($"The {What}'s sign value holds no P-256 public key: {ex.Message}", ex);
        }

        if (pinnedServerKey is not null && pinnedServerKey.KeyId != signer.KeyId)
        {
            throw SignedFileException.Invalid($"The {What} is signed by key '{signer.KeyId}', not by the expected key '{pinnedServerKey.KeyId}'.");
        }

        var signed = Encoding.UTF8.GetBytes(Header(match.Groups["sn"].Value, match.Groups["time"].Value) + "\n" + body);
        if (!signer.CreateVerifier().Verify(signed, blob.AsSpan(0, SignatureLength)))
        {
            throw SignedFileException.Invalid($"The signature of the {What} does not match its text: it was changed after signing.");
        }

        if (!DateTimeOffset.TryParseExact(match.Groups["time"].Value, "yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
        {
            throw SignedFileException.Invalid($"The {What}'s time is not yyyy-MM-ddTHH:mm:ssZ.");
        }

        return new PeakLogContent(Uri.UnescapeDataString(match.Groups["sn"].Value), time, ParseDays(body), signer.KeyId);
    }

    private static string Header(string sn, string time) => $"#type:{Type} sn:{sn} time:{time} sign:";

    private static string EncodeSn(string sn)
    {
        var encoded = new StringBuilder(sn.Length);
        foreach (var c in sn)
        {
            encoded.Append(c <= ' ' || c == '%' || c == '\u007f' ? string.Create(CultureInfo.InvariantCulture, $"%{(int)c:X2}") : c.ToString());
        }

        return encoded.ToString();
    }

    private static string Body(IReadOnlyList<PeakDay> days)
    {
        var text = new StringBuilder("[\n");
        for (var i = 0; i < days.Count; i++)
        {
            var day = days[i];
            text.Append("    {\n        \"time\": \"").Append(day.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append('"');
            if (day.HasUse)
            {
                var features = string.Join(", ", day.Features.OrderBy(f => f.Key, StringComparer.Ordinal)
                    .Select(f => string.Create(CultureInfo.InvariantCulture, $"{JsonSerializer.Serialize(f.Key)}: {f.Value}")));
                text.Append(",\n        \"feature\": { ").Append(features).Append(features.Length > 0 ? " }" : "}");
                text.Append(",\n        \"sn\": ").Append(day.Sn.ToString(CultureInfo.InvariantCulture));
            }

            text.Append("\n    }").Append(i < days.Count - 1 ? ",\n" : "\n");
        }

        return text.Append("]\n").ToString();
    }

    private static List<PeakDay> ParseDays(string body)
    {
        try
        {
            using var document = CanonicalJson.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                throw SignedFileException.Invalid($"The {What}'s days are not a JSON list.");
            }

            return [.. document.RootElement.EnumerateArray().Select(ParseDay)];
        }
        catch (JsonException ex)
        {
            throw SignedFileException.Invalid($"The {What}'s days are not valid JSON: {ex.Message}", ex);
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException)
        {
            throw SignedFileException.Invalid($"The {What} holds a day of the wrong shape: {ex.Message}", ex);
        }
    }

    private static PeakDay ParseDay(JsonElement day)
    {
        DateOnly? date = null;
        int? sn = null;
        Dictionary<string, int>? features = null;
        foreach (var property in day.EnumerateObject())
        {
            switch (property.Name)
            {
                case "time":
                    date = DateOnly.ParseExact(property.Value.GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture);
                    break;
                case "sn":
                    sn = property.Value.GetInt32();
                    break;
                case "feature":
                    features = property.Value.EnumerateObject().ToDictionary(f => f.Name, f => f.Value.GetInt32(), StringComparer.Ordinal);
                    break;
                default:
                    throw new FormatException($"unexpected member '{property.Name}'");
            }
        }

        if (date is null || (sn is null) != (features is null))
        {
            throw new FormatException("a day has a time, and either both feature and sn or neither");
        }

        return new PeakDay(date.Value, sn ?? 0, features ?? new Dictionary<string, int>(StringComparer.Ordinal));
    }

    [GeneratedRegex(@"^#type:userPeakLog sn:(?<sn>\S+) time:(?<time>\S+) sign:(?<sign>\S+)\z", RegexOptions.CultureInvariant)]
    private static partial Regex HeaderLine();
}
