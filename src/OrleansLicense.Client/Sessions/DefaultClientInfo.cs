using System.Security.Cryptography;
using System.Text;
using OrleansLicense.Contracts.Sessions;

namespace OrleansLicense.Client.Sessions;

/// <summary>Who this process is, when the vendor does not say: user, machine, program and a fingerprint.</summary>
internal static class DefaultClientInfo
{
    public static ClientInfo Create() =>
        new(Environment.UserName, Environment.MachineName, ProcessName(), Fingerprint());

    private static string? ProcessName() =>
        Environment.ProcessPath is { } path ? Path.GetFileName(path) : null;

    // The fingerprint is a hash so that the machine id itself never leaves the machine; /etc/machine-id is
    // stable across reboots on Linux, the machine name is the portable fallback.
    private static string Fingerprint()
    {
        string seed;
        try
        {
            seed = File.Exists("/etc/machine-id") ? File.ReadAllText("/etc/machine-id").Trim() : Environment.MachineName;
        }
        catch (IOException)
        {
            seed = Environment.MachineName;
        }
        catch (UnauthorizedAccessException)
        {
            seed = Environment.MachineName;
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes("orleanslicense|" + seed));
        return Convert.ToHexStringLower(hash.AsSpan(0, 16));
    }
}
