using OrleansLicense.Benchmarks.Load;

namespace OrleansLicense.Benchmarks.Failover;

/// <summary>
/// The failover clients' way in: one HTTP client per silo's gateway, with the .NET client's default request timeout
/// (a request the grid leaves hanging counts as failed after it), and the session API of the product on each.
/// </summary>
internal sealed class GatewayClients : IDisposable
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);
    private readonly List<HttpClient> _https;

    public GatewayClients(SiloGrid grid, int connections, string product, string feature)
    {
        _https = [.. grid.Silos.Select(s => LoopbackHttp.Create(s.BaseAddress, connections))];
        _https.ForEach(h => h.Timeout = RequestTimeout);
        Apis = [.. _https.Select(h => new SessionApi(h, product, feature))];
    }

    /// <summary>The session API at each silo's gateway, in the grid's order.</summary>
    public IReadOnlyList<SessionApi> Apis { get; }

    public void Dispose() => _https.ForEach(h => h.Dispose());
}
