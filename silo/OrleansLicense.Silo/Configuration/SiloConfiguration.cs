using Microsoft.Extensions.Configuration;

namespace OrleansLicense.Silo.Configuration;

/// <summary>
/// The configuration sources of the silo beyond the defaults of <c>WebApplication.CreateBuilder</c>
/// (appsettings.json, appsettings.{Environment}.json, environment, command line): environment
/// variables with the <c>OLIC_</c> prefix, and the short command line flags of <see cref="SiloCommandLine.Flags"/>.
/// </summary>
internal static class SiloConfiguration
{
    /// <summary>The prefix of the silo's environment variables: <c>OLIC_Silo__HttpPort=8080</c>.</summary>
    public const string EnvironmentPrefix = "OLIC_";

    /// <summary>
    /// Adds the OLIC_ environment variables and the command line again, so the precedence is
    /// appsettings.json &lt; environment &lt; OLIC_ environment &lt; command line.
    /// </summary>
    public static void AddSiloSources(this IConfigurationBuilder configuration, string[] args)
    {
        configuration.AddEnvironmentVariables(EnvironmentPrefix);
        configuration.AddCommandLine(args, SiloCommandLine.SwitchMappings());
    }
}
