using OrleansLicense.Testing;

namespace OrleansLicense.Silo.Tests.Process;

/// <summary>Runs <c>dotnet olic.dll …</c> as a process, as an administrator would.</summary>
internal static class Olic
{
    /// <summary>A CLI call never takes this long; a hang fails the test instead of the run.</summary>
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    public static Task<OlicResult> RunAsync(string workingDirectory, params string[] args)
        => RunAsync(workingDirectory, new Dictionary<string, string>(), args);

    /// <summary>Runs with extra environment variables (e.g. SSL_CERT_FILE, which .NET on Linux reads for its trusted roots).</summary>
    public static async Task<OlicResult> RunAsync(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var info = BuiltProgram.StartInfo("olic.dll", workingDirectory, args);
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        using var process = System.Diagnostics.Process.Start(info)
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
