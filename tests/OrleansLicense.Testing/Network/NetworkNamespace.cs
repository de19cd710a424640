using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;

namespace OrleansLicense.Testing.Network;

/// <summary>
/// A network namespace the test creates, joined to this machine by a veth pair on a private /30: a client inside
/// it reaches a server on <see cref="HostAddress"/> from <see cref="ClientAddress"/>, which is not a loopback
/// address. The only traffic target is this pair, which the test owns. Needs root and <c>ip</c> (iproute2).
/// </summary>
public sealed class NetworkNamespace : IAsyncDisposable
{
    private NetworkNamespace(string name, string hostAddress, string clientAddress)
    {
        Name = name;
        HostAddress = hostAddress;
        ClientAddress = clientAddress;
    }

    /// <summary>The namespace's name (<c>ip netns</c>).</summary>
    public string Name { get; }

    /// <summary>This machine's end of the pair: where a server listens for the namespace's clients.</summary>
    public string HostAddress { get; }

    /// <summary>The namespace's end: the address the server sees its clients come from.</summary>
    public string ClientAddress { get; }

    /// <summary>Creates the namespace, the veth pair and their addresses (10.250.x.y/30, chosen at random).</summary>
    public static async Task<NetworkNamespace> CreateAsync(CancellationToken cancellationToken)
    {
        var tag = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3));
        var subnet = RandomNumberGenerator.GetInt32(0, 16384) * 4;
        string Address(int host) => string.Create(CultureInfo.InvariantCulture, $"10.250.{subnet / 256}.{(subnet % 256) + host}");
        var space = new NetworkNamespace($"olic-{tag}", Address(1), Address(2));
        string hostEnd = $"olh{tag}", clientEnd = $"olc{tag}";
        try
        {
            await IpAsync(cancellationToken, "netns", "add", space.Name);
            await IpAsync(cancellationToken, "link", "add", hostEnd, "type", "veth", "peer", "name", clientEnd);
            await IpAsync(cancellationToken, "link", "set", clientEnd, "netns", space.Name);
            await IpAsync(cancellationToken, "addr", "add", $"{space.HostAddress}/30", "dev", hostEnd);
            await IpAsync(cancellationToken, "link", "set", hostEnd, "up");
            await IpAsync(cancellationToken, "-n", space.Name, "addr", "add", $"{space.ClientAddress}/30", "dev", clientEnd);
            await IpAsync(cancellationToken, "-n", space.Name, "link", "set", clientEnd, "up");
            await IpAsync(cancellationToken, "-n", space.Name, "link", "set", "lo", "up");
            return space;
        }
        catch
        {
            await space.DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs a program inside the namespace; returns its exit code and standard output.</summary>
    public Task<(int ExitCode, string Output)> RunAsync(string program, IEnumerable<string> arguments, CancellationToken cancellationToken)
        => RunProcessAsync("ip", ["netns", "exec", Name, program, .. arguments], cancellationToken);

    /// <summary>Deletes the namespace; its end of the pair, and so the pair, goes with it.</summary>
    public async ValueTask DisposeAsync()
        => await RunProcessAsync("ip", ["netns", "del", Name], CancellationToken.None).ConfigureAwait(false);

    private static async Task IpAsync(CancellationToken cancellationToken, params string[] arguments)
    {
        var (exitCode, output) = await RunProcessAsync("ip", arguments, cancellationToken).ConfigureAwait(false);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"ip {string.Join(' ', arguments)} failed ({exitCode}): {output}");
        }
    }

    private static async Task<(int ExitCode, string Output)> RunProcessAsync(string program, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{program} did not start.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        return (process.ExitCode, (await output.ConfigureAwait(false)) + (await error.ConfigureAwait(false)));
    }
}
