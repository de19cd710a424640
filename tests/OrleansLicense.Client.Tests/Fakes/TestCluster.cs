using OrleansLicense.Contracts.Sessions;

namespace OrleansLicense.Client.Tests.Fakes;

/// <summary>A fake cluster for one test: a manual clock, a store with the product <c>acme-cad</c>
/// (<c>draw</c>: 3 seats, <c>render</c>: 2), gateways on loopback, and the clients made for it, all disposed together.</summary>
internal sealed class TestCluster : IAsyncDisposable
{
    public const string Product = "acme-cad";

    private readonly List<FakeGateway> _gateways = [];
    private readonly List<LicenseClient> _clients = [];

    private TestCluster(ManualTimeProvider clock, string clusterId)
    {
        Clock = clock;
        Store = new FakeLicenseStore(Clock) { ClusterId = clusterId };
        Store.AddFeature(Product, "draw", 3);
        Store.AddFeature(Product, "render", 2);
    }

    /// <summary>How long a test waits for something asynchronous before it fails.</summary>
    public static TimeSpan Patience { get; } = TimeSpan.FromSeconds(15);

    public ManualTimeProvider Clock { get; }

    public FakeLicenseStore Store { get; }

    public IReadOnlyList<FakeGateway> Gateways => _gateways;

    /// <summary>Starts a cluster; two clusters of one backup relationship share a <paramref name="clock"/> and differ
    /// in <paramref name="clusterId"/>.</summary>
    public static async Task<TestCluster> StartAsync(int gateways, CancellationToken cancellationToken, ManualTimeProvider? clock = null, string clusterId = "fake-cluster")
    {
        var cluster = new TestCluster(clock ?? new ManualTimeProvider(), clusterId);
        for (var i = 0; i < gateways; i++)
        {
            await cluster.StartGatewayAsync(((char)('A' + i)).ToString(), cancellationToken);
        }

        return cluster;
    }

    public async Task<FakeGateway> StartGatewayAsync(string name, CancellationToken cancellationToken, int port = 0)
    {
        var gateway = await FakeGateway.StartAsync(Store, name, cancellationToken, port);
        _gateways.Add(gateway);
        return gateway;
    }

    /// <summary>A client on the manual clock that never reads the real environment.</summary>
    public LicenseClient Client(string servers, Action<LicenseClientOptions>? configure = null)
    {
        var options = new LicenseClientOptions
        {
            Servers = servers,
            Product = Product,
            TimeProvider = Clock,
            GetEnvironmentVariable = static _ => null,
            Client = new ClientInfo("tester", "localhost", "tests", "fingerprint"),
            RequestTimeout = TimeSpan.FromSeconds(5),
        };
        configure?.Invoke(options);
        var client = new LicenseClient(options);
        _clients.Add(client);
        return client;
    }

    public static IReadOnlyList<FeatureRequest> Seats(string feature, int count) => [new FeatureRequest(feature, count)];

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            await client.DisposeAsync();
        }

        foreach (var gateway in _gateways)
        {
            await gateway.DisposeAsync();
        }
    }
}
