using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration.CommandLine;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;
using OrleansLicense.Silo.Configuration;

namespace OrleansLicense.Silo.Hosting.Network;

/// <summary>
/// <c>network.json</c> in the data folder: the network settings changed through the admin API (<c>olic settings set
/// --ipv6</c>), read at the next start above the settings files and environment but below the command line.
/// </summary>
internal static class NetworkSettingsFile
{
    /// <summary>The file's name in the data folder.</summary>
    public const string FileName = "network.json";

    /// <summary>Adds the data folder's <c>network.json</c> (optional) just below the command line.</summary>
    public static void AddNetworkSettingsFile(this IConfigurationManager configuration)
    {
        var dataFolder = Path.GetFullPath(configuration[$"{SiloOptions.SectionName}:{nameof(SiloOptions.DataFolder)}"] is { Length: > 0 } configured ? configured : "data");
        if (!Directory.Exists(dataFolder))
        {
            // A first start: there is no file to read yet (and a physical file provider needs an existing folder).
            return;
        }

        var source = new JsonConfigurationSource
        {
            FileProvider = new PhysicalFileProvider(dataFolder),
            Path = FileName,
            Optional = true,
            ReloadOnChange = false,
        };
        var commandLine = configuration.Sources.ToList().FindLastIndex(s => s is CommandLineConfigurationSource);
        if (commandLine < 0)
        {
            configuration.Sources.Add(source);
        }
        else
        {
            configuration.Sources.Insert(commandLine, source);
        }
    }

    /// <summary>The IPv6 mode the file sets, or null when there is no file or it does not set one.</summary>
    public static IPv6Mode? ReadIPv6(DataFolder folder)
    {
        var path = Path.Combine(folder.Root, FileName);
        if (!File.Exists(path))
        {
            return null;
        }

        var text = JsonNode.Parse(File.ReadAllText(path))?[NetworkOptions.SectionName]?[nameof(NetworkOptions.IPv6)]?.GetValue<string>();
        return Enum.TryParse<IPv6Mode>(text, ignoreCase: true, out var mode) ? mode : null;
    }

    /// <summary>Writes the IPv6 mode for the next start (replacing the file at once, so a crash leaves the old or the new one).</summary>
    public static void WriteIPv6(DataFolder folder, IPv6Mode mode)
    {
        var path = Path.Combine(folder.Root, FileName);
        var json = new JsonObject { [NetworkOptions.SectionName] = new JsonObject { [nameof(NetworkOptions.IPv6)] = Name(mode) } };
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>The mode as it is written in settings: <c>disable</c>, <c>enable</c>, <c>only</c>.</summary>
    public static string Name(IPv6Mode mode) => mode.ToString().ToLowerInvariant();
}
