using OrleansLicense.Testing;

namespace OrleansLicense.Silo.Tests.Process;

/// <summary>Runs <c>dotnet olic.dll …</c> as a process, as an administrator would.</summary>
internal static class Olic
{
    /// <summary>A CLI call never takes this long; a hang fails the test instead of the run.</summary>
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    public static async Task<OlicResult> RunAsync(string workingDirectory, params string[] args)
    {
        using var process = System.Diagnostics.Process.Start(BuiltProgram.StartInfo("olic.dll", workingDirectory, args))
            ?? throw new InvalidOperationException("olic did not start.");
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        limit.CancelAfter(Limit);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"olic {string.Join(' ', args)} did not finish within {Limit.TotalSeconds} s.");
        }

        return new OlicResult(process.ExitCode, await output, await error);
    }

    /// <summary>Runs and asserts exit code 0, showing the output otherwise.</summary>
    public static async Task<OlicResult> RunOkAsync(string workingDirectory, params string[] args)
    {
        var result = await RunAsync(workingDirectory, args);
        Assert.True(result.ExitCode == 0, $"olic {string.Join(' ', args)} failed: {result}");
        return result;
    }
}
