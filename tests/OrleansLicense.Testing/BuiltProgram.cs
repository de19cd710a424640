using System.Diagnostics;
using System.Text;

namespace OrleansLicense.Testing;

/// <summary>
/// Runs a program built next to the tests (OrleansLicense.Silo.dll, olic.dll: project references land in the
/// test output folder) as a real process, through the same dotnet host that runs the tests.
/// </summary>
public static class BuiltProgram
{
    /// <summary>The test output folder, which holds the referenced programs' dlls.</summary>
    public static string OutputFolder => AppContext.BaseDirectory;

    /// <summary>The dotnet host: the one the SDK names for child processes, else the one on PATH.</summary>
    public static string DotnetHost =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    /// <summary>
    /// Start info for <c>dotnet DLL args…</c>: all three standard streams redirected, production settings, and none
    /// of the OLIC_ variables of the environment the tests run in.
    /// </summary>
    /// <param name="dll">The program's dll name in <see cref="OutputFolder"/>.</param>
    /// <param name="workingDirectory">The process's working folder; null keeps the test's.</param>
    /// <param name="arguments">The program's command line after the dll.</param>
    public static ProcessStartInfo StartInfo(string dll, string? workingDirectory, IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo(DotnetHost)
        {
            // Stdin too, so a child never competes with the test runner for its console.
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? "",
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        info.ArgumentList.Add(Path.Combine(OutputFolder, dll));
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        // The developer's own OLIC_ settings (or a CI job's) must not leak into what a test starts.
        foreach (var name in info.Environment.Keys.Where(k => k.StartsWith("OLIC_", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            info.Environment.Remove(name);
        }

        info.Environment["DOTNET_ENVIRONMENT"] = "Production";
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        return info;
    }
}
