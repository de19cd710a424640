namespace OrleansLicense.Cli;

/// <summary>The process exit codes of <c>olic</c>; scripts branch on them, so they never change.</summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The server answered with an error, could not be reached, or a file could not be written.</summary>
    public const int Failure = 1;

    /// <summary>The command line was wrong: unknown option, bad value, missing file, no server configured.</summary>
    public const int Usage = 2;

    /// <summary>Interrupted (Ctrl+C), by the shell convention 128 + SIGINT.</summary>
    public const int Cancelled = 130;
}
