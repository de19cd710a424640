using Microsoft.Extensions.Configuration;

namespace OrleansLicense.Silo.Configuration;

/// <summary>
/// The configuration sources of the silo beyond the defaults of <c>WebApplication.CreateBuilder</c>
/// (appsettings.json, appsettings.{Environment}.json, environment, command line): environment
/// variables with the <c>OLIC_</c> prefix, and the short command line switches.
/// </summary>
internal static class SiloConfiguration
{
    /// <summary>The prefix of the silo's environment variables: <c>OLIC_Silo__HttpPort=8080</c>.</summary>
    public const string EnvironmentPrefix = "OLIC_";

    /// <summary>Short switches for the options people type most.</summary>
    public static IReadOnlyDictionary<string, string> SwitchMappings { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["--data"] = $"{SiloOptions.SectionName}:{nameof(SiloOptions.DataFolder)}",
        ["--port"] = $"{SiloOptions.SectionName}:{nameof(SiloOptions.HttpPort)}",
        ["--listen"] = $"{SiloOptions.SectionName}:{nameof(SiloOptions.ListenAddress)}",
        ["--storage"] = $"{SiloOptions.SectionName}:{nameof(SiloOptions.Storage)}",
        ["--connection"] = $"{SiloOptions.SectionName}:{nameof(SiloOptions.ConnectionString)}",
        ["--cluster-id"] = $"{SiloClusterOptions.SectionName}:{nameof(SiloClusterOptions.ClusterId)}",
        ["--silo-port"] = $"{SiloClusterOptions.SectionName}:{nameof(SiloClusterOptions.SiloPort)}",
        ["--gateway-port"] = $"{SiloClusterOptions.SectionName}:{nameof(SiloClusterOptions.GatewayPort)}",
        ["--https-port"] = "Network:HttpsPort",
        ["--ipv6"] = "Network:IPv6",
    };

    /// <summary>
    /// Adds the OLIC_ environment variables and the command line again, so the precedence is
    /// appsettings.json &lt; environment &lt; OLIC_ environment &lt; command line.
    /// </summary>
    public static void AddSiloSources(this IConfigurationBuilder configuration, string[] args)
    {
        configuration.AddEnvironmentVariables(EnvironmentPrefix);
        configuration.AddCommandLine(args, new Dictionary<string, string>(SwitchMappings, StringComparer.OrdinalIgnoreCase));
    }
}
