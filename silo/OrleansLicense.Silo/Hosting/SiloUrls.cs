using Microsoft.Extensions.Options;
using OrleansLicense.Silo.Configuration;

namespace OrleansLicense.Silo.Hosting;

/// <summary>This silo's local URL, for tools on this machine (clients are handed <see cref="Cluster.GatewayList"/>).</summary>
internal sealed class SiloUrls(IOptions<SiloOptions> options)
{
    private volatile string? _local;

    /// <summary>The loopback URL the local CLI uses (the <c>endpoint</c> file), once the server is bound.</summary>
    public string LocalUrl => _local ?? $"http://127.0.0.1:{options.Value.HttpPort}";

    /// <summary>Records the port the server actually bound.</summary>
    public void SetBoundPort(int port) => _local = $"http://127.0.0.1:{port}";
}
