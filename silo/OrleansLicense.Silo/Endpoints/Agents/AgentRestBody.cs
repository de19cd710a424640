using System.Text;

namespace OrleansLicense.Silo.Endpoints.Agents;

/// <summary>
/// The seed's text/plain body: <c>key=value</c> pairs, one per line or separated by '&amp;' (both are accepted; values
/// are URL-decoded). Keys: fid, featureName, featureUserNumber, mode, and force (releaseAgent only).
/// </summary>
internal sealed record AgentRestBody(string? Fid, string? FeatureName, string? FeatureUserNumber, string? Mode, string? Force)
{
    private static readonly string[] Keys = ["fid", "featureName", "featureUserNumber", "mode", "force"];

    /// <summary>Reads the request body as UTF-8 text (the body size limit of the silo applies).</summary>
    public static async Task<string> ReadTextAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(request.Body, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, leaveOpen: true);
        return await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Parses the body; null with the reason when it is not key=value pairs of known keys.</summary>
    public static (AgentRestBody? Body, string? Error) Parse(string text)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in text.Split(['\n', '&'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                return (null, $"'{pair}' is not key=value.");
            }

            var key = pair[..equals].Trim();
            if (!Keys.Contains(key, StringComparer.Ordinal))
            {
                return (null, $"Unknown key '{key}'; the keys are {string.Join(", ", Keys)}.");
            }

            if (!values.TryAdd(key, Uri.UnescapeDataString(pair[(equals + 1)..].Trim())))
            {
                return (null, $"Key '{key}' is given twice.");
            }
        }

        return (new AgentRestBody(values.GetValueOrDefault("fid"), values.GetValueOrDefault("featureName"), values.GetValueOrDefault("featureUserNumber"), values.GetValueOrDefault("mode"), values.GetValueOrDefault("force")), null);
    }
}
