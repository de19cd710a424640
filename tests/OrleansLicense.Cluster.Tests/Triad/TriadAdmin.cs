using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using OrleansLicense.Cluster.Tests.Support;
using OrleansLicense.Licensing.Documents;
using OrleansLicense.Licensing.Signing;
using OrleansLicense.Testing.Silo;

namespace OrleansLicense.Cluster.Tests.Triad;

/// <summary>The triad admin API of a silo process, as the tests call it.</summary>
internal static class TriadAdmin
{
    public const string TriadId = "plant-7";

    /// <summary>A signed license for the triad (or any binding), from the harness's vendor.</summary>
    public static string License(ClusterHarness cluster, string id, int seats, LicenseEdition edition = LicenseEdition.Enterprise, LicenseBinding? binding = null)
        => LicenseIssuer.Issue(
            new LicenseDocument(id, "cad", edition, DateTimeOffset.UtcNow.AddDays(-1), null, LicenseFlags.None, [new LicenseFeature("draw", seats)], binding ?? LicenseBinding.ToTriad(TriadId)),
            cluster.Vendor);

    /// <summary>POST /api/v1/admin/triad with the three silos by name (their silo addresses) and the licenses.</summary>
    public static async Task<(HttpStatusCode Status, JsonElement Body)> CreateAsync(SiloProcess silo, string primary, string secondary, string tertiary, IEnumerable<string> licenses, CancellationToken cancellationToken)
    {
        var body = new JsonObject
        {
            ["name"] = "Plant 7",
            ["id"] = TriadId,
            ["primary"] = primary,
            ["secondary"] = secondary,
            ["tertiary"] = tertiary,
            ["licenses"] = new JsonArray([.. licenses.Select(l => JsonNode.Parse(l))]),
        };
        return await SendAsync(silo, HttpMethod.Post, "/api/v1/admin/triad", JsonContent.Create(body), cancellationToken);
    }

    /// <summary>The silo address (<c>host:port</c>) a triad knows a silo process by.</summary>
    public static string Address(SiloProcess silo) => $"127.0.0.1:{silo.SiloPort}";

    public static async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(SiloProcess silo, HttpMethod method, string path, HttpContent? content, CancellationToken cancellationToken)
    {
        using var response = await silo.Http.SendAsync(silo.Admin(method, path, content), cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    public static Task<(HttpStatusCode Status, JsonElement Body)> ViewAsync(SiloProcess silo, CancellationToken cancellationToken)
        => SendAsync(silo, HttpMethod.Get, "/api/v1/admin/triad", null, cancellationToken);

    /// <summary>The address of the server <paramref name="silo"/> sees as active, or null.</summary>
    public static async Task<string?> ActiveAddressAsync(SiloProcess silo, CancellationToken cancellationToken)
    {
        try
        {
            var (status, body) = await ViewAsync(silo, cancellationToken);
            return status == HttpStatusCode.OK
                ? body.GetProperty("servers").EnumerateArray().Where(s => s.GetProperty("isActive").GetBoolean()).Select(s => s.GetProperty("addresses")[0].GetString()).FirstOrDefault()
                : null;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            // Not answering (yet), or slower than the test client's 10 s while a failover settles.
            return null;
        }
    }

    /// <summary>Polls until <paramref name="silo"/> sees <paramref name="expected"/> active (bounded); returns how long it took.</summary>
    public static async Task<TimeSpan> WaitForActiveAsync(SiloProcess silo, string expected, TimeSpan limit, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < limit)
        {
            if (await ActiveAddressAsync(silo, cancellationToken) == expected)
            {
                return clock.Elapsed;
            }

            await Task.Delay(100, cancellationToken);
        }

        var (_, body) = await ViewAsync(silo, cancellationToken);
        throw new TimeoutException($"{Address(silo)} did not see {expected} active within {limit.TotalSeconds} s: {body}");
    }

    /// <summary>A login at <paramref name="silo"/>'s HTTP gateway: the status and the problem code when refused.</summary>
    public static async Task<(HttpStatusCode Status, JsonElement Body)> LoginAsync(SiloProcess silo, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/sessions")
        {
            Content = JsonContent.Create(new { product = "cad", features = new[] { new { name = "draw", count = 1 } }, client = new { user = "probe", host = "test", process = "triad-test" } }),
        };
        using var response = await silo.Http.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    /// <summary>
    /// The silos (<c>host:port</c>) hosting activations of the grain class <paramref name="grainClass"/>, as Orleans
    /// counts them (the console's statistics, <c>GET /api/v1/admin/dashboard/stats</c>).
    /// </summary>
    public static async Task<IReadOnlySet<string>> HostsAsync(SiloProcess silo, string grainClass, CancellationToken cancellationToken)
    {
        var (status, body) = await SendAsync(silo, HttpMethod.Get, "/api/v1/admin/dashboard/stats", null, cancellationToken);
        if (status != HttpStatusCode.OK)
        {
            return new HashSet<string>();
        }

        return body.GetProperty("grains").EnumerateArray()
            .Where(g => g.GetProperty("typeName").GetString()!.EndsWith(grainClass, StringComparison.Ordinal))
            .SelectMany(g => g.GetProperty("silos").EnumerateArray())
            .Where(h => h.GetProperty("activations").GetInt32() > 0)
            .Select(h => h.GetProperty("address").GetString()!.Split('@')[0])
            .ToHashSet();
    }

    /// <summary>Polls until the seat pools and sessions are hosted on <paramref name="expected"/> and on no other silo (bounded); returns the last hosts seen.</summary>
    public static async Task<string> WaitForLicenseGrainsOnAsync(SiloProcess asked, string expected, TimeSpan limit, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var seen = "";
        while (clock.Elapsed < limit)
        {
            var pools = await HostsAsync(asked, "FeatureGrain", cancellationToken);
            var sessions = await HostsAsync(asked, "SessionGrain", cancellationToken);
            seen = $"pools on {string.Join(",", pools)}; sessions on {string.Join(",", sessions)}";
            // No seat pool or session on any other silo; the sessions (heartbeated all along) on the expected one. A pool
            // nobody called for a while may be hosted nowhere (deactivated, its state stored).
            if (pools.IsSubsetOf([expected]) && sessions.SetEquals([expected]))
            {
                return seen;
            }

            await Task.Delay(250, cancellationToken);
        }

        throw new TimeoutException($"the license grains did not all move to {expected} within {limit.TotalSeconds} s: {seen}");
    }
}
