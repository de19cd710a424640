namespace OrleansLicense.Cli;

/// <summary>Error codes the CLI reports itself, beside the API's codes which it passes through unchanged.</summary>
internal static class CliErrorCodes
{
    /// <summary>A bad argument, a missing input file, or no server configured (exit 2).</summary>
    public const string Usage = "usage";

    /// <summary>The server could not be connected to.</summary>
    public const string Unreachable = "unreachable";

    /// <summary>The server did not answer in time.</summary>
    public const string Timeout = "timeout";

    /// <summary>The server answered something that is not the documented JSON.</summary>
    public const string BadResponse = "bad_response";

    /// <summary>The user answered no to a confirmation question.</summary>
    public const string Declined = "declined";

    /// <summary>A file could not be written.</summary>
    public const string IoError = "io_error";
}
