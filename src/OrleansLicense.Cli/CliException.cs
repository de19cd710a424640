namespace OrleansLicense.Cli;

/// <summary>
/// A failure the user should see as one line <c>error: {Code}: {Message}</c>, never as a stack trace.
/// </summary>
internal sealed class CliException : Exception
{
    public CliException(string code, string message, int exitCode, Exception? innerException = null)
        : base(message, innerException)
    {
        Code = code;
        ExitCode = exitCode;
    }

    /// <summary>The stable error code: an API code such as <c>seats_exhausted</c>, or a local one such as <c>usage</c>.</summary>
    public string Code { get; }

    public int ExitCode { get; }

    /// <summary>A mistake on the command line (exit 2).</summary>
    public static CliException Usage(string message, Exception? inner = null) =>
        new(CliErrorCodes.Usage, message, ExitCodes.Usage, inner);
}
