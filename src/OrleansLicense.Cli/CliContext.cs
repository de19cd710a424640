using System.CommandLine;
using OrleansLicense.Cli.Http;

namespace OrleansLicense.Cli;

/// <summary>
/// One invocation's view of the command line and its surroundings: output writers, the --json flag,
/// and resolution of the server URL and admin token (flags first, then the local data folder).
/// </summary>
internal sealed class CliContext
{
    /// <summary>The file in the data folder holding the silo's base URL (one line).</summary>
    public const string EndpointFileName = "endpoint";

    /// <summary>The file in the data folder holding the admin token (one line).</summary>
    public const string TokenFileName = "admin.token";

    private readonly CliEnvironment environment;
    private readonly GlobalOptions globals;

    public CliContext(CliEnvironment environment, GlobalOptions globals, ParseResult parseResult)
    {
        this.environment = environment;
        this.globals = globals;
        ParseResult = parseResult;
    }

    public ParseResult ParseResult { get; }

    public TextWriter Out => environment.Out;

    public TextWriter Error => environment.Error;

    public TimeProvider Time => environment.Time;

    /// <summary>True when the user asked for raw JSON output.</summary>
    public bool Json => ParseResult.GetValue(globals.Json);

    /// <summary>The data folder as an absolute path: --data, else $OLIC_DATA, else ./data.</summary>
    public string DataFolder
    {
        get
        {
            var folder = ParseResult.GetValue(globals.Data);
            if (string.IsNullOrWhiteSpace(folder))
            {
                folder = environment.GetEnvironmentVariable(GlobalOptions.DataEnvironmentVariable);
            }

            return Path.GetFullPath(string.IsNullOrWhiteSpace(folder) ? "data" : folder);
        }
    }

    /// <summary>Resolves the server and token, or throws a usage error that names the path it looked at.</summary>
    public AdminConnection ResolveConnection()
    {
        var dataFolder = DataFolder;
        var server = ParseResult.GetValue(globals.Server);
        string serverSource;
        if (string.IsNullOrWhiteSpace(server))
        {
            server = ReadOneLineFile(dataFolder, EndpointFileName, "--server URL");
            serverSource = $"'{Path.Combine(dataFolder, EndpointFileName)}'";
        }
        else
        {
            serverSource = "--server";
        }

        var token = ParseResult.GetValue(globals.Token);
        string tokenSource;
        if (string.IsNullOrWhiteSpace(token))
        {
            token = ReadOneLineFile(dataFolder, TokenFileName, "--token TOKEN");
            tokenSource = $"'{Path.Combine(dataFolder, TokenFileName)}'";
        }
        else
        {
            tokenSource = "--token";
        }

        return new AdminConnection(ParseBaseUrl(server.Trim(), serverSource), CheckToken(token.Trim(), tokenSource));
    }

    /// <summary>A client for the resolved server; the caller disposes it.</summary>
    public AdminApiClient CreateAdminClient() => new(ResolveConnection(), environment.HttpHandler);

    private static string ReadOneLineFile(string dataFolder, string fileName, string overrideHint)
    {
        if (!Directory.Exists(dataFolder))
        {
            throw CliException.Usage(
                $"the data folder '{dataFolder}' does not exist; run olic next to the silo, or pass --data DIR or {overrideHint}.");
        }

        var path = Path.Combine(dataFolder, fileName);
        if (!File.Exists(path))
        {
            throw CliException.Usage($"'{path}' does not exist (has the silo started?); pass {overrideHint} instead.");
        }

        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw CliException.Usage($"cannot read '{path}': {ex.Message}", ex);
        }

        // The silo writes one line; anything after the first non-blank line is not ours to interpret.
        var line = text.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0);
        return line ?? throw CliException.Usage($"'{path}' is empty; pass {overrideHint} instead.");
    }

    private static Uri ParseBaseUrl(string text, string source)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            throw CliException.Usage($"the server '{text}' from {source} is not an http:// or https:// URL.");
        }

        // A trailing slash makes relative API paths append to a path prefix instead of replacing its last segment.
        return url.AbsoluteUri.EndsWith('/') ? url : new Uri(url.AbsoluteUri + "/");
    }

    private static string CheckToken(string token, string source)
    {
        // Whitespace or control characters would break (or inject into) the Authorization header.
        if (token.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c > '\u007e'))
        {
            throw CliException.Usage($"the admin token from {source} contains spaces or characters not allowed in an HTTP header.");
        }

        return token;
    }
}
