using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using OrleansLicense.Contracts.Admin;
using OrleansLicense.Licensing.Documents;
using OrleansLicense.Licensing.Keys;
using OrleansLicense.Licensing.Signing;
using OrleansLicense.Testing;
using OrleansLicense.Testing.Silo;

namespace OrleansLicense.Cluster.Tests.Support;

/// <summary>A PostgreSQL server, a vendor key and N silo processes forming one grid on loopback.</summary>
internal sealed class ClusterHarness : IAsyncDisposable
{
    // OLIC_KEEP_TEST_DATA=1 keeps the silos' data folders and process logs for a post-mortem.
    private readonly TempDirectory _dir = new("olic-cluster", keepOnRequest: true);
    private readonly List<SiloProcess?> _silos = [];
    private readonly List<(int Http, int Silo)> _ports = [];
    private readonly Dictionary<string, string> _environment;

    private ClusterHarness(PostgresServer postgres, string connectionString, string clusterId)
    {
        Postgres = postgres;
        ConnectionString = connectionString;
        ClusterId = clusterId;
        _environment = new Dictionary<string, string>
        {
            ["OLIC_Cluster__Enabled"] = "true",
            ["OLIC_Cluster__ClusterId"] = clusterId,
            ["OLIC_Cluster__AdvertisedHost"] = "127.0.0.1",
            ["OLIC_Cluster__AllowFaultInjection"] = "true",
            ["OLIC_Serilog__MinimumLevel__Default"] = "Information",
        };
    }

    public PostgresServer Postgres { get; }

    public string ConnectionString { get; }

    public string ClusterId { get; }

    public VendorKeyPair Vendor { get; } = VendorKeyPair.Generate();

    public IReadOnlyList<SiloProcess?> Silos => _silos;

    public IEnumerable<SiloProcess> Live => _silos.OfType<SiloProcess>().Where(s => !s.HasExited);

    public IReadOnlyList<string> Gateways => [.. _ports.Select(p => $"http://127.0.0.1:{p.Http}")];

    /// <summary>The silos' Orleans gateways, as the client library takes them.</summary>
    public string OrleansGateways => string.Join(",", _silos.OfType<SiloProcess>().Select(s => $"olic://127.0.0.1:{s.GatewayPort}"));

    public static async Task<ClusterHarness> StartAsync(PostgresServer postgres, int silos, CancellationToken cancellationToken, IReadOnlyDictionary<string, string>? environment = null)
    {
        var database = $"olic_{Guid.NewGuid():N}"[..20];
        var connection = await postgres.CreateDatabaseAsync(database, cancellationToken);
        var harness = new ClusterHarness(postgres, connection, $"ct-{database}");
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            harness._environment[name] = value;
        }

        try
        {
            for (var i = 0; i < silos; i++)
            {
                harness._ports.Add((FreePort.Next(), FreePort.Next()));
                harness._silos.Add(null);

                // One at a time: the first is the oldest, so the leader is known.
                await harness.StartSiloAsync(i, cancellationToken);
            }
        }
        catch
        {
            // The caller never gets the harness to dispose: the silos that did start must not outlive the test.
            await harness.DisposeAsync();
            throw;
        }

        return harness;
    }

    /// <summary>(Re)starts silo <paramref name="index"/>; <paramref name="waitUntilServing"/> false returns once it is started (a triad silo without quorum never serves).</summary>
    public async Task StartSiloAsync(int index, CancellationToken cancellationToken, bool waitUntilServing = true)
    {
        var folder = Path.Combine(_dir.Path, $"silo{index}");
        Directory.CreateDirectory(Path.Combine(folder, "keys"));
        await File.WriteAllTextAsync(Path.Combine(folder, "keys", "vendor.pub.pem"), Vendor.ExportPublicKeyPem(), cancellationToken);
        if (_silos[index] is { } previous)
        {
            await previous.DisposeAsync();
        }

        var silo = SiloProcess.Start(new SiloProcessOptions
        {
            DataFolder = folder,
            HttpPort = _ports[index].Http,
            SiloPort = _ports[index].Silo,
            PostgresConnectionString = ConnectionString,
            Environment = _environment,
            WriteProcessLog = true,
        });

        // Recorded before the wait, so that the harness kills it even when it never serves.
        _silos[index] = silo;
        if (waitUntilServing)
        {
            await silo.WaitUntilServingAsync(cancellationToken);
        }
    }

    public async Task ImportLicenseAsync(string id, string product, IEnumerable<(string Name, int Seats)> features, CancellationToken cancellationToken)
    {
        var text = LicenseIssuer.Issue(
            new LicenseDocument(id, product, LicenseEdition.Enterprise, DateTimeOffset.UtcNow.AddDays(-1), null, LicenseFlags.None,
                [.. features.Select(f => new LicenseFeature(f.Name, f.Seats))], LicenseBinding.None),
            Vendor);
        var silo = Live.First();
        using var response = await silo.Http.SendAsync(silo.Admin(HttpMethod.Post, "/api/v1/admin/licenses", new StringContent(text, Encoding.UTF8, "application/json")), cancellationToken);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
    }

    /// <summary>
    /// The license view from the first live silo that answers. Right after a silo is killed, a grain it hosted stays
    /// unreachable until membership declares that silo dead (a few seconds); the view is asked again until then.
    /// </summary>
    public async Task<LicenseView> LicenseAsync(string id, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        var last = "no silo was live";
        while (deadline.Elapsed < LicenseViewLimit)
        {
            foreach (var silo in Live)
            {
                try
                {
                    using var response = await silo.Http.SendAsync(silo.Admin(HttpMethod.Get, $"/api/v1/admin/licenses/{id}"), cancellationToken);
                    if (response.IsSuccessStatusCode)
                    {
                        return (await response.Content.ReadFromJsonAsync<LicenseView>(cancellationToken))!;
                    }

                    last = $"{silo.BaseUrl} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}";
                }
                catch (HttpRequestException e)
                {
                    last = $"{silo.BaseUrl}: {e.Message}";
                }
            }

            await Task.Delay(200, cancellationToken);
        }

        throw new InvalidOperationException($"No silo answered the license view within {LicenseViewLimit.TotalSeconds:0} s; last: {last}");
    }

    private static readonly TimeSpan LicenseViewLimit = TimeSpan.FromSeconds(30);

    public async ValueTask DisposeAsync()
    {
        foreach (var silo in _silos.OfType<SiloProcess>())
        {
            await silo.DisposeAsync();
        }

        _dir.Dispose();
    }

    public string Folder => _dir.Path;
}
