namespace OrleansLicense.Cli;

/// <summary>Everything the CLI takes from its surroundings, so tests can run it in-process.</summary>
/// <param name="Out">Where results go.</param>
/// <param name="Error">Where <c>error: …</c> lines go.</param>
/// <param name="GetEnvironmentVariable">Reads an environment variable (null when unset).</param>
/// <param name="HttpHandler">The HTTP handler for admin calls; null uses a fresh <see cref="SocketsHttpHandler"/>.</param>
/// <param name="Time">The clock for issue times.</param>
internal sealed record CliEnvironment(
    TextWriter Out,
    TextWriter Error,
    Func<string, string?> GetEnvironmentVariable,
    HttpMessageHandler? HttpHandler,
    TimeProvider Time)
{
    /// <summary>Where answers to questions come from (<c>olic license deactivate</c> asks); none by default.</summary>
    public TextReader In { get; init; } = TextReader.Null;
}
