using System.Net;
using Microsoft.Extensions.Options;

namespace OrleansLicense.Silo.Configuration;

/// <summary>Refuses cluster options that cannot work, at start, naming the option and the bad value.</summary>
internal sealed class SiloClusterOptionsValidator(IOptions<SiloOptions> silo) : IValidateOptions<SiloClusterOptions>
{
    /// <summary>The shortest call secret accepted: the grains' call filter refuses shorter ones.</summary>
    public const int MinCallSecretLength = 32;

    public ValidateOptionsResult Validate(string? name, SiloClusterOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ClusterId) || options.ClusterId.Any(c => !char.IsAsciiLetterOrDigit(c) && c is not '-' and not '_' and not '.'))
        {
            failures.Add($"Cluster:ClusterId (--cluster-id) must be letters, digits, '-', '_' or '.' (was '{options.ClusterId}').");
        }

        CheckPort(failures, "Cluster:SiloPort (--silo-port)", options.SiloPort);
        CheckPort(failures, "Cluster:GatewayPort (--gateway-port)", options.GatewayPort);
        if (options.SiloPort == options.GatewayPort)
        {
            failures.Add($"Cluster:SiloPort (--silo-port) and Cluster:GatewayPort (--gateway-port) must differ (both {options.SiloPort}).");
        }

        var httpPort = silo.Value.HttpPort;
        if (httpPort == options.SiloPort || httpPort == options.GatewayPort)
        {
            failures.Add($"Silo:HttpPort (--port) {httpPort} is also the silo or gateway port; give each its own port.");
        }

        if (string.IsNullOrWhiteSpace(options.AdvertisedHost))
        {
            failures.Add("Cluster:AdvertisedHost must name this silo's address (an IP address or a host name).");
        }

        if (options.ListenHost is { } listen && !IPAddress.TryParse(listen, out _))
        {
            failures.Add($"Cluster:ListenHost must be an IP address such as 0.0.0.0 (was '{listen}').");
        }

        if (options.GatewayUrl is { } url
            && (!Uri.TryCreate(url, UriKind.Absolute, out var parsed) || (parsed.Scheme != Uri.UriSchemeHttp && parsed.Scheme != Uri.UriSchemeHttps)))
        {
            failures.Add($"Cluster:GatewayUrl must be an http:// or https:// URL (was '{url}').");
        }

        if (options.CallSecret is { } secret && secret.Trim().Length < MinCallSecretLength)
        {
            failures.Add($"Cluster:CallSecret must be at least {MinCallSecretLength} characters long.");
        }

        CheckPositive(failures, "Cluster:ResponseTimeout", options.ResponseTimeout);
        CheckPositive(failures, "Cluster:ProbeTimeout", options.ProbeTimeout);
        CheckPositive(failures, "Cluster:TableRefreshTimeout", options.TableRefreshTimeout);
        CheckPositive(failures, "Cluster:IAmAliveTablePublishTimeout", options.IAmAliveTablePublishTimeout);
        CheckPositive(failures, "Cluster:DeathVoteExpirationTimeout", options.DeathVoteExpirationTimeout);
        if (options.NumMissedProbesLimit < 1)
        {
            failures.Add($"Cluster:NumMissedProbesLimit must be at least 1 (was {options.NumMissedProbesLimit}).");
        }

        if (options.Enabled && silo.Value.Storage != SiloStorage.Postgres)
        {
            failures.Add("Cluster:Enabled needs Silo:Storage postgres (--storage postgres --connection …): the silos of a grid share one PostgreSQL database.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckPort(List<string> failures, string name, int port)
    {
        if (port is < 1 or > 65535)
        {
            failures.Add($"{name} must be between 1 and 65535 (was {port}).");
        }
    }

    private static void CheckPositive(List<string> failures, string name, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            failures.Add($"{name} must be positive (was {value}).");
        }
    }
}
