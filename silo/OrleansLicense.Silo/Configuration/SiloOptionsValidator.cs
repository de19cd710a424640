using System.Net;
using Microsoft.Extensions.Options;

namespace OrleansLicense.Silo.Configuration;

/// <summary>Refuses silo options that cannot work, at start, naming the option and the bad value.</summary>
internal sealed class SiloOptionsValidator : IValidateOptions<SiloOptions>
{
    /// <summary>Smallest body limit accepted: a login or a license file must still fit.</summary>
    public const long MinRequestBodyBytes = 16 * 1024;

    /// <summary>Largest body limit accepted: bodies are buffered in memory.</summary>
    public const long MaxRequestBodyBytes = 64L * 1024 * 1024;

    public ValidateOptionsResult Validate(string? name, SiloOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.DataFolder))
        {
            failures.Add("Silo:DataFolder (--data) must name a folder.");
        }
        else if (options.DataFolder.IndexOfAny(Path.GetInvalidPathChars()) >= 0)
        {
            failures.Add($"Silo:DataFolder (--data) '{options.DataFolder}' contains characters not allowed in a path.");
        }

        if (options.HttpPort is < 1 or > 65535)
        {
            failures.Add($"Silo:HttpPort (--port) must be between 1 and 65535 (was {options.HttpPort}).");
        }

        if (!IPAddress.TryParse(options.ListenAddress, out _))
        {
            failures.Add($"Silo:ListenAddress (--listen) must be an IP address such as 0.0.0.0 or 127.0.0.1 (was '{options.ListenAddress}').");
        }

        if (options.MaxRequestBodyBytes is < MinRequestBodyBytes or > MaxRequestBodyBytes)
        {
            failures.Add($"Silo:MaxRequestBodyBytes must be between {MinRequestBodyBytes} and {MaxRequestBodyBytes} (was {options.MaxRequestBodyBytes}).");
        }

        if (options.Storage == SiloStorage.Postgres && string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            failures.Add("Silo:Storage (--storage) is postgres but Silo:ConnectionString (--connection) is empty.");
        }

        foreach (var url in options.AdvertisedUrls)
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var parsed) || (parsed.Scheme != Uri.UriSchemeHttp && parsed.Scheme != Uri.UriSchemeHttps))
            {
                failures.Add($"Silo:AdvertisedUrls must hold http:// or https:// URLs ('{url}' is not one).");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
