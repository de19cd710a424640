using System.Diagnostics;
using System.Text;

namespace OrleansLicense.Silo.Tests.Process;

/// <summary>Runs the built silo and CLI as real processes through the same dotnet host that runs the tests.</summary>
internal static class ProcessRunner
{
    /// <summary>The test output folder, which holds OrleansLicense.Silo.dll and olic.dll (project references).</summary>
    public static string OutputFolder => AppContext.BaseDirectory;

    /// <summary>The dotnet host: the one the SDK names for child processes, else the one on PATH.</summary>
    public static string DotnetHost =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    /// <summary>Start info for <c>dotnet DLL args…</c> with output redirected and no inherited OLIC_ settings.</summary>
    public static ProcessStartInfo StartInfo(string dll, string workingDirectory, IEnumerable<string> args)
    {
        var info = new ProcessStartInfo(DotnetHost)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        info.ArgumentList.Add(Path.Combine(OutputFolder, dll));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var name in info.Environment.Keys.Where(k => k.StartsWith("OLIC_", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            info.Environment.Remove(name);
        }

        info.Environment["DOTNET_ENVIRONMENT"] = "Production";
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        return info;
    }
}
