using System.Text.RegularExpressions;
using OrleansLicense.Silo.Tests.Infrastructure;

namespace OrleansLicense.Silo.Tests.Readme;

/// <summary>
/// Issue #14 item 19: following the README in a clone writes the vendor's private key, a license file and the data
/// folder into the working tree; git must ignore every one of them, so a private key is never committed by accident.
/// </summary>
public sealed partial class WalkFilesIgnoredTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_file_the_readme_walk_writes_is_ignored_by_git()
    {
        var written = WalkOutputs();
        Assert.Contains("vendor/vendor.key.pem", written);
        Assert.Contains("acme-cad.lic", written);

        foreach (var path in written)
        {
            var (exitCode, output) = await GitAsync("check-ignore", "--no-index", "-v", path);
            Assert.True(exitCode == 0, $"git does not ignore '{path}', which the README walk writes into the repository: {output}");
        }
    }

    /// <summary>What the README's commands write: <c>--out</c> targets (keygen's folder gets the key pair) and ./data.</summary>
    private static List<string> WalkOutputs()
    {
        List<string> written = ["data/admin.token", "data/olic.db"];
        foreach (Match match in OutOption().Matches(Repository.Readme))
        {
            var (command, target) = (match.Groups["command"].Value, match.Groups["target"].Value);
            written.AddRange(command == "keygen" ? [$"{target}/vendor.key.pem", $"{target}/vendor.pub.pem"] : [target]);
        }

        // Issue #16's walk: the triad's silos write their logs (> triad-$i.log) and data folders (--data data-t$i) here too.
        foreach (Match match in WrittenByShell().Matches(Repository.Readme))
        {
            var target = match.Groups["target"].Value.Replace("$i", "1", StringComparison.Ordinal);
            written.Add(match.Groups["folder"].Success ? $"{target}/admin.token" : target);
        }

        Assert.Contains("triad-1.log", written);
        return written;
    }

    private static async Task<(int ExitCode, string Output)> GitAsync(params string[] args)
    {
        var info = new System.Diagnostics.ProcessStartInfo("git") { WorkingDirectory = Repository.Root, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = System.Diagnostics.Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync(Ct);
        var error = process.StandardError.ReadToEndAsync(Ct);
        await process.WaitForExitAsync(Ct);
        return (process.ExitCode, await output + await error);
    }

    [GeneratedRegex(@"^olic vendor (?<command>keygen|issue)\b.*--out (?<target>[^\s~/$][^\s]*)", RegexOptions.Multiline)]
    private static partial Regex OutOption();

    /// <summary>A shell redirection to a log file, or a silo's <c>--data</c> folder, in a README command.</summary>
    [GeneratedRegex(@"(?:> (?<target>[\w$.-]+\.log)\b|--data (?<folder>)(?<target>data-[\w$]+))")]
    private static partial Regex WrittenByShell();
}
