using System.Diagnostics;
using System.Text.Json;
using OrleansLicense.Silo.Tests.Infrastructure;

namespace OrleansLicense.Silo.Tests.Readme;

/// <summary>
/// Issue #14 item 12: the README's prerequisites name what the first build needs (Node.js with npm, at the version the
/// console's package.json asks for), and .ci/run makes sure of it through .ci/ensure-node, which agrees with both.
/// </summary>
public sealed class PrerequisitesTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void The_readme_names_the_node_version_the_console_build_requires_and_npm()
    {
        var required = RequiredNode();

        Assert.Contains($"Node.js {required}+ with npm", Repository.Readme, StringComparison.Ordinal);
    }

    [Fact]
    public void Ci_run_ensures_node_before_the_test_command()
    {
        var run = File.ReadAllText(Repository.File(".ci/run"));

        var ensure = run.IndexOf(".ci/ensure-node", StringComparison.Ordinal);
        Assert.True(ensure >= 0, ".ci/run does not call .ci/ensure-node");
        Assert.True(ensure < run.IndexOf("dotnet test OrleansLicense.sln", StringComparison.Ordinal), ".ci/run ensures Node.js only after the tests");
    }

    [Fact]
    public async Task Ensure_node_checks_the_version_of_package_json_and_this_machine_passes_it()
    {
        var info = new ProcessStartInfo(Repository.File(".ci/ensure-node"), "--check") { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = System.Diagnostics.Process.Start(info)!;
        var output = await process.StandardOutput.ReadToEndAsync(Ct);
        await process.WaitForExitAsync(Ct);

        Assert.Contains($"needs Node.js {RequiredNode()}+ with npm", output, StringComparison.Ordinal);

        // The silo the tests use was built here, so this machine's Node.js is what the check must accept.
        Assert.True(process.ExitCode == 0, output);
    }

    private static string RequiredNode()
    {
        using var package = JsonDocument.Parse(File.ReadAllText(Repository.File("silo/OrleansLicense.Silo/dashboard-ui/package.json")));
        var engines = package.RootElement.GetProperty("engines").GetProperty("node").GetString()!;
        Assert.StartsWith(">=", engines, StringComparison.Ordinal);
        return engines[2..];
    }
}
