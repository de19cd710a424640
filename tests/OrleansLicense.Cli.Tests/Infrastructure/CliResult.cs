namespace OrleansLicense.Cli.Tests.Infrastructure;

/// <summary>What one in-process run of olic produced.</summary>
internal sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}--- stderr\n{Stderr}";
}
