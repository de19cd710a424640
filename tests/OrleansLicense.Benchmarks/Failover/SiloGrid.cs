using System.Diagnostics;
using System.Globalization;
using OrleansLicense.Benchmarks.Load;
using OrleansLicense.Contracts.Admin;
using OrleansLicense.Testing;

namespace OrleansLicense.Benchmarks.Failover;

/// <summary>
/// A grid of real silo processes on one PostgreSQL (<c>OLIC_Silo__Storage=postgres</c>, one
/// <c>OLIC_Cluster__ClusterId</c>, their own HTTP, silo and gateway ports, all on 127.0.0.1), started
/// one after the other so the first is the oldest (the leader) and the admin token it offers is the
/// one every silo adopts. Membership runs at the silo's defaults (probe timeout 1 s, 2 missed probes):
/// the failover measured is the one operators get.
/// </summary>
internal sealed class SiloGrid : IAsyncDisposable
{
    private static readonly TimeSpan JoinLimit = TimeSpan.FromSeconds(60);
    private readonly List<SiloUnderTest> _silos = [];
    private readonly List<int> _siloPorts = [];

    private SiloGrid(string clusterId) => ClusterId = clusterId;

    public string ClusterId { get; }

    public IReadOnlyList<SiloUnderTest> Silos => _silos;

    /// <param name="vendor">The vendor every silo trusts.</param>
    /// <param name="connectionString">The grid's database.</param>
    /// <param name="count">Silos.</param>
    /// <param name="cancellationToken">Cancels the start; whatever started is stopped.</param>
    public static async Task<SiloGrid> StartAsync(BenchVendor vendor, string connectionString, int count, CancellationToken cancellationToken)
    {
        var grid = new SiloGrid($"bench-{Guid.NewGuid():N}"[..14]);
        try
        {
            for (var i = 0; i < count; i++)
            {
                var environment = SiloUnderTest.PostgresEnvironment(connectionString);
                environment["OLIC_Cluster__Enabled"] = "true";
                environment["OLIC_Cluster__ClusterId"] = grid.ClusterId;
                environment["OLIC_Cluster__AdvertisedHost"] = "127.0.0.1";
                environment["OLIC_Cluster__ListenHost"] = "127.0.0.1";
                environment["OLIC_Cluster__SiloName"] = string.Create(CultureInfo.InvariantCulture, $"bench-silo-{i}");
                var silo = await SiloUnderTest.StartAsync(vendor, [], environment, cancellationToken).ConfigureAwait(false);
                grid._silos.Add(silo);
                grid._siloPorts.Add(silo.SiloPort);
            }

            grid.CheckOneAdminToken();
            await grid.WaitUntilAllActiveAsync(cancellationToken).ConfigureAwait(false);
            return grid;
        }
        catch
        {
            await grid.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The membership as silo <paramref name="via"/> sees it, one line: index, status, leader, activations.</summary>
    public async Task<string> DescribeAsync(int via, CancellationToken cancellationToken)
    {
        var status = await _silos[via].Admin.StatusAsync(cancellationToken).ConfigureAwait(false);
        return string.Join("; ", status.Silos.Select(s => string.Create(
            CultureInfo.InvariantCulture,
            $"silo {IndexOf(s)} {s.Status}{(s.IsLeader ? " leader" : "")} {s.Activations:N0} activations")));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var silo in _silos)
        {
            await silo.DisposeAsync().ConfigureAwait(false);
        }
    }

    private string IndexOf(SiloView silo)
    {
        var at = _siloPorts.FindIndex(p => silo.Address.StartsWith($"127.0.0.1:{p.ToString(CultureInfo.InvariantCulture)}@", StringComparison.Ordinal));
        return at >= 0 ? at.ToString(CultureInfo.InvariantCulture) : silo.Address;
    }

    // Every silo rewrote its admin.token with the grid's before it served; one admin token is the contract (R-CL-3).
    private void CheckOneAdminToken()
    {
        var tokens = _silos.Select(s => File.ReadAllText(Path.Combine(s.DataFolder, "admin.token")).Trim()).Distinct(StringComparer.Ordinal).Count();
        if (tokens != 1)
        {
            throw new InvalidOperationException($"The grid's silos hold {tokens} different admin tokens; they should all have adopted the first silo's.");
        }
    }

    // A silo serves once it joined, but the others' views refresh on their own period: wait until every silo sees them all.
    private async Task WaitUntilAllActiveAsync(CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        var last = "";
        while (stopwatch.Elapsed < JoinLimit)
        {
            var views = await Task.WhenAll(_silos.Select(s => s.Admin.StatusAsync(cancellationToken))).ConfigureAwait(false);
            if (views.All(v => v.Silos.Count(s => s.Status == "active") == _silos.Count))
            {
                return;
            }

            last = string.Join(" | ", views.Select(v => string.Join(", ", v.Silos.Select(s => $"{s.Address}={s.Status}"))));
            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken).ConfigureAwait(false);
        }

        throw new TimeoutException($"The {_silos.Count} silos did not all see each other active within {JoinLimit.TotalSeconds:0} s: {last}");
    }
}
