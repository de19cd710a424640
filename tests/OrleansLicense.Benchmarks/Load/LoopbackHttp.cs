using System.Net;

namespace OrleansLicense.Benchmarks.Load;

/// <summary>HttpClients for the load: HTTP/1.1 over a fixed pool of kept-alive connections, to loopback only.</summary>
internal static class LoopbackHttp
{
    /// <summary>Creates a client for <paramref name="baseAddress"/>, which must be on 127.0.0.1.</summary>
    /// <param name="baseAddress">The server.</param>
    /// <param name="connections">The connection pool: as many requests can be in flight at once.</param>
    /// <exception cref="ArgumentException">The address is not loopback: the harness never loads another machine.</exception>
    public static HttpClient Create(Uri baseAddress, int connections)
    {
        if (!IPAddress.TryParse(baseAddress.Host, out var address) || !IPAddress.IsLoopback(address))
        {
            throw new ArgumentException($"The load generator only talks to 127.0.0.1 (was {baseAddress}).", nameof(baseAddress));
        }

        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,

            // Connections live for the whole run: reconnecting would measure TCP setup, not the API.
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(10),
            ConnectTimeout = TimeSpan.FromSeconds(10),
            UseCookies = false,
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
        };
        return new HttpClient(handler)
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromSeconds(30),
            DefaultRequestVersion = HttpVersion.Version11,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
    }
}
