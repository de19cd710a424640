namespace OrleansLicense.Cli.Tests.Infrastructure;

/// <summary>Runs the CLI in-process with captured output and a controlled environment.</summary>
internal static class Olic
{
    /// <summary>Runs with no environment variables, so the machine's OLIC_DATA never leaks into a test.</summary>
    public static Task<CliResult> RunAsync(params string[] args) =>
        RunAsync(new Dictionary<string, string>(), args);

    public static Task<CliResult> RunAsync(IReadOnlyDictionary<string, string> environment, params string[] args) =>
        RunAsync(environment, TestContext.Current.CancellationToken, args);

    public static async Task<CliResult> RunAsync(IReadOnlyDictionary<string, string> environment, CancellationToken ct, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exitCode = await CliApp.RunAsync(
            args,
            stdout,
            stderr,
            name => environment.TryGetValue(name, out var value) ? value : null,
            handler: null,
            ct);
        return new CliResult(exitCode, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Runs an admin command against the fake, naming it with --server and --token.</summary>
    public static Task<CliResult> RunAgainstAsync(FakeAdminApi api, params string[] args) =>
        RunAsync([.. args, "--server", api.BaseUrl, "--token", FakeAdminApi.Token]);

    /// <summary>Runs an admin command against the fake with <paramref name="input"/> as what the user types.</summary>
    public static async Task<CliResult> RunAgainstWithInputAsync(FakeAdminApi api, string input, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        using var stdin = new StringReader(input);
        var exitCode = await CliApp.RunAsync([.. args, "--server", api.BaseUrl, "--token", FakeAdminApi.Token], stdin, stdout, stderr, _ => null, TestContext.Current.CancellationToken);
        return new CliResult(exitCode, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Runs with a fixed clock, for assertions on issue and expiry times.</summary>
    public static async Task<CliResult> RunAtAsync(DateTimeOffset now, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var environment = new CliEnvironment(stdout, stderr, _ => null, HttpHandler: null, new FixedTimeProvider(now));
        var exitCode = await CliApp.RunAsync(args, environment, TestContext.Current.CancellationToken);
        return new CliResult(exitCode, stdout.ToString(), stderr.ToString());
    }
}
