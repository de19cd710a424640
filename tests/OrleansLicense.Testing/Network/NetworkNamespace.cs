using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;

namespace OrleansLicense.Testing.Network;

/// <summary>
/// "Another computer" for tests: a Linux network namespace joined to this one by a veth pair with private 10.x
/// addresses made for the test (<c>ip netns add</c>, <c>ip link add … type veth</c>). Traffic stays on this machine.
/// Needs root and iproute2; <see cref="TryCreateAsync"/> answers null where either is missing.
/// </summary>
public sealed class NetworkNamespace : IAsyncDisposable
{
    private NetworkNamespace(string name, string hostLink, string hostAddress, string guestAddress)
    {
        Name = name;
        HostLink = hostLink;
        HostAddress = hostAddress;
        GuestAddress = guestAddress;
    }

    /// <summary>The namespace's name (<c>ip netns exec NAME …</c>).</summary>
    public string Name { get; }

    /// <summary>The host's end of the veth pair.</summary>
    public string HostLink { get; }

    /// <summary>This machine's address on the pair (what the namespace reaches the silo at).</summary>
    public string HostAddress { get; }

    /// <summary>The namespace's address: the "other computer" the silo sees.</summary>
    public string GuestAddress { get; }

    /// <summary>Creates a namespace with a random 10.x.y.0/30 link, or null when this machine cannot (not root, no <c>ip</c>).</summary>
    public static async Task<NetworkNamespace?> TryCreateAsync(CancellationToken cancellationToken)
    {
        if (!OperatingSystem.IsLinux() || Environment.UserName != "root" || !File.Exists("/usr/sbin/ip") && !File.Exists("/sbin/ip"))
        {
            return null;
        }

        var id = Convert.ToHexString(RandomNumberGenerator.GetBytes(3)).ToLowerInvariant();
        var (x, y) = (RandomNumberGenerator.GetInt32(100, 250), RandomNumberGenerator.GetInt32(0, 63) * 4);
        var subnet = string.Create(CultureInfo.InvariantCulture, $"10.{x}.{y}");
        var space = new NetworkNamespace($"olic-{id}", $"olh{id}", $"{subnet}.1", $"{subnet}.2");
        var guestLink = $"olg{id}";
        try
        {
            await RunAsync(cancellationToken, "netns", "add", space.Name);
            await RunAsync(cancellationToken, "link", "add", space.HostLink, "type", "veth", "peer", "name", guestLink);
            await RunAsync(cancellationToken, "link", "set", guestLink, "netns", space.Name);
            await RunAsync(cancellationToken, "addr", "add", $"{space.HostAddress}/30", "dev", space.HostLink);
            await RunAsync(cancellationToken, "link", "set", space.HostLink, "up");
            await RunAsync(cancellationToken, "-n", space.Name, "addr", "add", $"{space.GuestAddress}/30", "dev", guestLink);
            await RunAsync(cancellationToken, "-n", space.Name, "link", "set", guestLink, "up");
            await RunAsync(cancellationToken, "-n", space.Name, "link", "set", "lo", "up");
            return space;
        }
        catch
        {
            await space.DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs a program inside the namespace; returns its exit code and standard output.</summary>
    public async Task<(int ExitCode, string Output)> ExecAsync(CancellationToken cancellationToken, params string[] command)
    {
        var info = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in (string[])["netns", "exec", Name, .. command])
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("ip netns exec did not start.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(bounded.Token);
        return (process.ExitCode, await output + await error);
    }

    /// <summary>Removes the namespace and the link (deleting one end of a veth pair deletes both).</summary>
    public async ValueTask DisposeAsync()
    {
        await TryRunAsync("link", "del", HostLink);
        await TryRunAsync("netns", "del", Name);
    }

    private static async Task TryRunAsync(params string[] arguments)
    {
        try
        {
            await RunAsync(CancellationToken.None, arguments);
        }
        catch (InvalidOperationException)
        {
            // Already gone (a half-made namespace).
        }
    }

    private static async Task RunAsync(CancellationToken cancellationToken, params string[] arguments)
    {
        var info = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("ip did not start.");
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.StandardOutput.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"ip {string.Join(' ', arguments)} failed: {await error}");
        }
    }
}
