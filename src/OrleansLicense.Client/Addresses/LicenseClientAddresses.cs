using Microsoft.Extensions.Logging;
using OrleansLicense.Client.Addresses;
using OrleansLicense.Client.Logging;

namespace OrleansLicense.Client;

/// <summary>Where the client finds its servers: the options, then the environment.</summary>
public sealed partial class LicenseClient
{
    private static IReadOnlyList<Uri> ResolveServers(LicenseClientOptions options, ILogger logger)
    {
        string source;
        string text;
        if (!string.IsNullOrWhiteSpace(options.Servers))
        {
            (source, text) = ("LicenseClientOptions.Servers", options.Servers);
        }
        else if (ServerAddressEnvironment.Find(options.EnvironmentPrefix, options.GetEnvironmentVariable) is { } variable)
        {
            (source, text) = (variable.Name, variable.Value);
        }
        else
        {
            var names = string.IsNullOrWhiteSpace(options.EnvironmentPrefix)
                ? ServerAddressEnvironment.DefaultVariable
                : $"{ServerAddressEnvironment.VariableName(options.EnvironmentPrefix)} or {ServerAddressEnvironment.DefaultVariable}";
            throw new InvalidOperationException($"No license server address: set LicenseClientOptions.Servers or the {names} environment variable.");
        }

        return ParseAddresses(source, text, logger);
    }

    private static IReadOnlyList<Uri> ParseAddresses(string source, string text, ILogger logger)
    {
        ServerAddressParseResult parsed;
        try
        {
            parsed = ServerAddressParser.ParseDetailed(text);
        }
        catch (FormatException e)
        {
            throw new FormatException($"{source}: {e.Message}", e);
        }

        foreach (var warning in parsed.Warnings)
        {
            ClientLog.LogWarningAddressesIgnored(logger, $"{source}: {warning}");
        }

        if (parsed.Addresses.Count == 0)
        {
            throw new InvalidOperationException($"{source} holds no server address.");
        }

        ClientLog.LogDebugServers(logger, source, string.Join(", ", parsed.Addresses));
        return parsed.Addresses;
    }
}
