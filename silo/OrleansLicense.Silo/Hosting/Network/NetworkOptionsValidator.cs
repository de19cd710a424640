using System.Net;
using Microsoft.Extensions.Options;
using OrleansLicense.Silo.Configuration;

namespace OrleansLicense.Silo.Hosting.Network;

/// <summary>Refuses network settings that cannot work together, at start, naming the settings.</summary>
internal sealed class NetworkOptionsValidator(IOptions<SiloOptions> silo, IOptions<SiloClusterOptions> cluster) : IValidateOptions<NetworkOptions>
{
    public ValidateOptionsResult Validate(string? name, NetworkOptions options)
    {
        var failures = new List<string>();
        if (!Enum.IsDefined(options.IPv6))
        {
            failures.Add($"Network:IPv6 (--ipv6) must be disable, enable or only (was {options.IPv6}).");
        }

        if (options.HttpsPort is < 1 or > 65535)
        {
            failures.Add($"Network:HttpsPort (--https-port) must be between 1 and 65535 (was {options.HttpsPort}).");
        }
        else if (options.HttpsPort == silo.Value.HttpPort)
        {
            failures.Add($"Network:HttpsPort (--https-port) and Silo:HttpPort (--port) must differ (both are {options.HttpsPort}).");
        }

        CheckFamily(failures, options.IPv6, "Silo:ListenAddress (--listen)", silo.Value.ListenAddress);
        if (silo.Value.IsGrid)
        {
            CheckFamily(failures, options.IPv6, "Cluster:AdvertisedHost", cluster.Value.AdvertisedHost);
            CheckFamily(failures, options.IPv6, "Cluster:ListenHost", cluster.Value.ListenHost);
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckFamily(List<string> failures, IPv6Mode mode, string setting, string? value)
    {
        if (value is not null && IPAddress.TryParse(value, out var address) && !ListenAddresses.Allows(mode, address))
        {
            var family = mode == IPv6Mode.Only ? "IPv6" : "IPv4";
            failures.Add($"{setting} is {value}, but Network:IPv6 (--ipv6) is {mode.ToString().ToLowerInvariant()}: give an {family} address.");
        }
    }
}
