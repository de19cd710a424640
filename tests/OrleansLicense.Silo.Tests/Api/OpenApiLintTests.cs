using System.Diagnostics;
using System.Net;
using OrleansLicense.Silo.Tests.Infrastructure;
using OrleansLicense.Testing;

namespace OrleansLicense.Silo.Tests.Api;

/// <summary>
/// #14 item 10: the OpenAPI document passes a maintained OpenAPI linter, Redocly CLI with its strictest rule set
/// (tests/OrleansLicense.Silo.Tests/OpenApiLint: package.json, package-lock.json, redocly.yaml). The test installs it
/// with <c>npm ci</c> when node_modules is missing, so a fresh clone needs only Node.js and the npm registry.
/// </summary>
public sealed class OpenApiLintTests(SiloFixture silo) : IClassFixture<SiloFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_document_passes_redocly_lint()
    {
        var folder = LintFolder();
        if (!File.Exists(Path.Combine(folder, "node_modules", ".bin", "redocly")))
        {
            var install = await RunAsync(folder, "npm", "ci --no-audit --no-fund --loglevel=error", TimeSpan.FromMinutes(5));
            Assert.True(install.ExitCode == 0, $"npm ci failed in {folder}:\n{install.Output}");
        }

        using var response = await silo.Client.GetAsync("/openapi/v1.json", Ct);
        await ApiCalls.AssertStatusAsync(response, HttpStatusCode.OK);
        using var work = new TempDirectory("olic-openapi-lint");
        var document = work.File("openapi.json");
        await File.WriteAllTextAsync(document, await response.Content.ReadAsStringAsync(Ct), Ct);

        var lint = await RunAsync(folder, Path.Combine(folder, "node_modules", ".bin", "redocly"), $"lint --config redocly.yaml --format=stylish \"{document}\"", TimeSpan.FromMinutes(2));

        Assert.True(lint.ExitCode == 0, $"redocly lint found problems:\n{lint.Output}");
        Assert.Contains("valid", lint.Output, StringComparison.OrdinalIgnoreCase);
    }

    private static string LintFolder()
    {
        // The test's output folder is tests/OrleansLicense.Silo.Tests/bin/<configuration>/<tfm>/.
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "OpenApiLint");
            if (File.Exists(Path.Combine(candidate, "package-lock.json")))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException($"No OpenApiLint folder above {AppContext.BaseDirectory}.");
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string folder, string program, string arguments, TimeSpan limit)
    {
        var start = new ProcessStartInfo(program, arguments)
        {
            WorkingDirectory = folder,
        };
        start.Environment["NO_COLOR"] = "1";
        start.Environment["REDOCLY_TELEMETRY"] = "off";
        start.Environment["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true";
        return await ChildProgram.RunAsync(start, limit, Ct);
    }
}
