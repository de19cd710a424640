using Microsoft.Extensions.Options;
using OrleansLicense.Silo.Configuration;

namespace OrleansLicense.Silo.Hosting;

/// <summary>This silo's URLs: the local one for tools on this machine, and the ones handed to clients.</summary>
internal sealed class SiloUrls(IOptions<SiloOptions> options)
{
    private volatile string? _local;

    /// <summary>The loopback URL the local CLI uses (the <c>endpoint</c> file), once the server is bound.</summary>
    public string LocalUrl => _local ?? $"http://127.0.0.1:{options.Value.HttpPort}";

    /// <summary>Records the port the server actually bound.</summary>
    public void SetBoundPort(int port) => _local = $"http://127.0.0.1:{port}";

    /// <summary>
    /// The gateway URLs for clients: <see cref="SiloOptions.AdvertisedUrls"/> when configured, else
    /// the URL this client used to reach us, which is the one address known to work for it.
    /// </summary>
    public IReadOnlyList<string> Gateways(HttpRequest request)
    {
        var advertised = options.Value.AdvertisedUrls;
        return advertised.Count > 0
            ? [.. advertised.Select(u => u.TrimEnd('/'))]
            : [$"{request.Scheme}://{request.Host.Value}"];
    }
}
