using System.Text;

namespace OrleansLicense.Silo.Configuration;

/// <summary>
/// The silo's command line (issue #14 item 14): one table of flags that both the configuration mapping and
/// <c>--help</c> are made from, so a new flag is one line in <see cref="Flags"/>.
/// </summary>
internal static class SiloCommandLine
{
    /// <summary>Every flag of the silo. Add new flags here: the mapping and the usage follow.</summary>
    public static IReadOnlyList<SiloFlag> Flags { get; } =
    [
        new("--data", $"{SiloOptions.SectionName}:{nameof(SiloOptions.DataFolder)}", "DIR", "data folder: storage, admin token, trusted keys, logs (default ./data); one silo per folder"),
        new("--port", $"{SiloOptions.SectionName}:{nameof(SiloOptions.HttpPort)}", "N", "HTTP port of the API and the console (default 8273)"),
        new("--listen", $"{SiloOptions.SectionName}:{nameof(SiloOptions.ListenAddress)}", "ADDRESS", "address the HTTP port listens on (default 0.0.0.0; 127.0.0.1 always)"),
        new("--storage", $"{SiloOptions.SectionName}:{nameof(SiloOptions.Storage)}", "sqlite|postgres", "sqlite: one silo (default); postgres: a silo of a grid"),
        new("--connection", $"{SiloOptions.SectionName}:{nameof(SiloOptions.ConnectionString)}", "STRING", "PostgreSQL connection string (with --storage postgres)"),
        new("--cluster-id", $"{SiloClusterOptions.SectionName}:{nameof(SiloClusterOptions.ClusterId)}", "ID", "the grid's cluster id (default 'default')"),
        new("--silo-port", $"{SiloClusterOptions.SectionName}:{nameof(SiloClusterOptions.SiloPort)}", "N", "Orleans silo-to-silo port (default 11111)"),
        new("--gateway-port", $"{SiloClusterOptions.SectionName}:{nameof(SiloClusterOptions.GatewayPort)}", "N", "Orleans gateway port for Orleans clients (default 30000)"),
        new("--https-port", "Network:HttpsPort", "N", "HTTPS port, open when ssl_key.pem is in the data folder (default 8276)"),
        new("--ipv6", "Network:IPv6", "disable|enable|only", "IP families of every listener: IPv4 only (default), dual stack, or IPv6 only"),
    ];

    /// <summary>Flags that print the usage and exit.</summary>
    private static readonly string[] HelpFlags = ["--help", "-h", "-?", "/?"];

    /// <summary>Keys the ASP.NET Core host itself reads from the command line; passed through as they are.</summary>
    private static readonly string[] HostKeys = ["urls", "environment", "contentRoot", "applicationName", "http_ports", "https_ports"];

    /// <summary>True when the command line asks for the usage.</summary>
    public static bool IsHelp(IEnumerable<string> args) => args.Any(a => HelpFlags.Contains(a, StringComparer.OrdinalIgnoreCase));

    /// <summary>The flag mappings for <c>AddCommandLine</c>.</summary>
    public static IDictionary<string, string> SwitchMappings()
        => Flags.ToDictionary(f => f.Name, f => f.ConfigurationKey, StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The command line as the configuration reads it: a switch without a value (<c>--ipv6</c>) gets <c>true</c>.
    /// </summary>
    /// <exception cref="SiloStartupException">An unknown flag (a typo would otherwise be ignored silently).</exception>
    public static string[] Normalize(IReadOnlyList<string> args) => Normalize(args, Flags);

    /// <summary><see cref="Normalize(IReadOnlyList{string})"/> against a given table.</summary>
    public static string[] Normalize(IReadOnlyList<string> args, IReadOnlyList<SiloFlag> flags)
    {
        var result = new List<string>(args.Count + 2);
        for (var i = 0; i < args.Count; i++)
        {
            var argument = args[i];
            result.Add(argument);
            if (!argument.StartsWith("--", StringComparison.Ordinal) || argument.Contains('=', StringComparison.Ordinal))
            {
                continue;
            }

            var flag = flags.FirstOrDefault(f => string.Equals(f.Name, argument, StringComparison.OrdinalIgnoreCase));
            if (flag is { IsSwitch: true })
            {
                if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    result.Add("true");
                }

                continue;
            }

            // --Section:Key value sets any option; the host's own keys pass; anything else is a typo.
            var key = argument[2..];
            if (flag is null && !key.Contains(':', StringComparison.Ordinal) && !HostKeys.Contains(key, StringComparer.OrdinalIgnoreCase))
            {
                throw new SiloStartupException($"Unknown option '{argument}'; '--help' lists the options.");
            }

            // The value of a known flag is taken as it is, even when it starts with "--".
            if (i + 1 < args.Count)
            {
                result.Add(args[++i]);
            }
        }

        return [.. result];
    }

    /// <summary>The usage printed by <c>--help</c>.</summary>
    public static string Usage()
    {
        var text = new StringBuilder();
        text.AppendLine("OrleansLicense silo: a floating-license server (one silo, or one silo of a grid).");
        text.AppendLine();
        text.AppendLine("Usage: dotnet run --project silo/OrleansLicense.Silo -- [options]");
        text.AppendLine("       dotnet OrleansLicense.Silo.dll [options]");
        text.AppendLine();
        text.AppendLine("Options:");
        var rows = Flags.Select(f => (Left: f.IsSwitch ? f.Name : $"{f.Name} {f.ValueName}", f.Description)).ToList();
        rows.Add(("--help", "print this and exit"));
        var width = rows.Max(r => r.Left.Length) + 2;
        foreach (var (left, description) in rows)
        {
            text.Append("  ").Append(left.PadRight(width)).AppendLine(description);
        }

        text.AppendLine();
        text.AppendLine("Any setting of appsettings.json can be given as --Section:Key VALUE or as an environment");
        text.AppendLine("variable OLIC_Section__Key (e.g. OLIC_Cluster__AdvertisedHost=10.0.0.5).");
        return text.ToString();
    }
}
