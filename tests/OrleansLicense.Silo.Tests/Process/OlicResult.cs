namespace OrleansLicense.Silo.Tests.Process;

/// <summary>What one olic run did.</summary>
internal sealed record OlicResult(int ExitCode, string Output, string Error)
{
    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Output}\nstderr:\n{Error}";
}
