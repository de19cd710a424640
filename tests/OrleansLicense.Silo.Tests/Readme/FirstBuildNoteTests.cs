using System.Diagnostics;
using System.Text.Json;
using OrleansLicense.Silo.Tests.Infrastructure;
using OrleansLicense.Testing;

namespace OrleansLicense.Silo.Tests.Readme;

/// <summary>
/// Issue #14 item 12: "The first <c>dotnet run</c> is silent for about 55 s. Say what it is doing." The silo's project
/// prints a note before npm ci and the Vite build of the console start, on the first build only. Runs the project's own
/// MSBuild target on a copy of the project whose console was never built, with a stand-in npm on PATH (what npm ci
/// does is not under test, and it would take a minute and the registry).
/// </summary>
public sealed class FirstBuildNoteTests
{
    private const string Note = "OrleansLicense: first build of the web console: npm ci and a Vite build";

    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(120);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_first_build_says_what_it_does_before_npm_ci_and_later_builds_do_not()
    {
        using var scratch = new TempDirectory("olic-firstbuild");
        var project = Repository.File("silo/OrleansLicense.Silo");
        File.Copy(Path.Combine(project, "OrleansLicense.Silo.csproj"), scratch.File("OrleansLicense.Silo.csproj"));
        Directory.CreateDirectory(scratch.File("dashboard-ui"));
        foreach (var name in new[] { "package.json", "package-lock.json" })
        {
            File.Copy(Path.Combine(project, "dashboard-ui", name), Path.Combine(scratch.Path, "dashboard-ui", name));
        }

        // The stand-in says when it runs (on stderr, which the target shows) and makes node_modules as npm ci does.
        var bin = Directory.CreateDirectory(scratch.File("bin")).FullName;
        var npm = Path.Combine(bin, "npm");
        await File.WriteAllTextAsync(npm, "#!/bin/sh\necho \"stand-in npm $*\" >&2\n[ \"$1\" = ci ] && mkdir -p node_modules\nexit 0\n", Ct);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(npm, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var first = await RunInstallTargetAsync(scratch.Path, bin);

        var note = first.IndexOf(Note, StringComparison.Ordinal);
        Assert.True(note >= 0, $"The first build printed no note:\n{first}");
        var npmCi = first.IndexOf("stand-in npm ci", StringComparison.Ordinal);
        Assert.True(npmCi > note, $"npm ci ran before the note was printed:\n{first}");

        // It says how long and what it needs, as the README's prerequisites do.
        var line = first[note..first.IndexOf('\n', note)];
        Assert.Contains("about a minute", line, StringComparison.Ordinal);
        Assert.Contains($"needs Node.js {RequiredNode()}+ and npm", line, StringComparison.Ordinal);

        // Once the console's packages are installed, a build neither says it nor runs npm ci again.
        var second = await RunInstallTargetAsync(scratch.Path, bin);
        Assert.DoesNotContain(Note, second, StringComparison.Ordinal);
        Assert.DoesNotContain("stand-in npm", second, StringComparison.Ordinal);
    }

    private static async Task<string> RunInstallTargetAsync(string folder, string bin)
    {
        // No build server stays behind (-nodeReuse:false); minimal verbosity shows the note as a person running dotnet build sees it.
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = folder };
        foreach (var argument in new[] { "msbuild", "OrleansLicense.Silo.csproj", "-t:DashboardUiInstall", "-nologo", "-v:m", "-nodeReuse:false" })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["PATH"] = bin + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH");
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        var (exitCode, output) = await ChildProgram.RunAsync(start, Limit, Ct);
        Assert.True(exitCode == 0, $"dotnet msbuild -t:DashboardUiInstall exited with {exitCode}:\n{output}");
        return output.ReplaceLineEndings("\n");
    }

    private static string RequiredNode()
    {
        using var package = JsonDocument.Parse(File.ReadAllText(Repository.File("silo/OrleansLicense.Silo/dashboard-ui/package.json")));
        return package.RootElement.GetProperty("engines").GetProperty("node").GetString()!.TrimStart('>', '=');
    }
}
