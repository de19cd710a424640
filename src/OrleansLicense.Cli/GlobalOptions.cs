using System.CommandLine;

namespace OrleansLicense.Cli;

/// <summary>Options accepted by every command (recursive), before or after the command name.</summary>
internal sealed class GlobalOptions
{
    /// <summary>The environment variable naming the default data folder.</summary>
    public const string DataEnvironmentVariable = "OLIC_DATA";

    public Option<string?> Server { get; } = new("--server")
    {
        Description = "Base URL of a silo, e.g. http://127.0.0.1:8273 (default: the 'endpoint' file in the data folder).",
        HelpName = "URL",
        Recursive = true,
    };

    public Option<string?> Token { get; } = new("--token")
    {
        Description = "Admin token (default: the 'admin.token' file in the data folder).",
        HelpName = "TOKEN",
        Recursive = true,
    };

    public Option<string?> Data { get; } = new("--data")
    {
        Description = $"The local silo's data folder (default: ${DataEnvironmentVariable} or ./data).",
        HelpName = "DIR",
        Recursive = true,
    };

    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Print the raw JSON response instead of a table.",
        Recursive = true,
    };

    public void AddTo(Command root)
    {
        root.Options.Add(Server);
        root.Options.Add(Token);
        root.Options.Add(Data);
        root.Options.Add(Json);
    }
}
