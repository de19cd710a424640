using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using OrleansLicense.Benchmarks.Failover;
using OrleansLicense.Benchmarks.Load;

namespace OrleansLicense.Benchmarks.Triad;

/// <summary>The triad admin calls of the triad failover scenario (<c>/api/v1/admin/triad</c>, R-TRI-3).</summary>
internal static class TriadAdmin
{
    private static readonly TimeSpan CreateLimit = TimeSpan.FromSeconds(60);

    /// <summary>The address (<c>host:port</c>) a triad knows a silo by.</summary>
    public static string Address(SiloUnderTest silo) => string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{silo.SiloPort}");

    /// <summary>Makes silos 0, 1, 2 the primary, secondary and tertiary with <paramref name="license"/>; retried while the grid answers 503.</summary>
    public static async Task CreateAsync(SiloGrid grid, string id, string license, CancellationToken cancellationToken)
    {
        var body = new JsonObject
        {
            ["name"] = id,
            ["id"] = id,
            ["primary"] = Address(grid.Silos[0]),
            ["secondary"] = Address(grid.Silos[1]),
            ["tertiary"] = Address(grid.Silos[2]),
            ["licenses"] = new JsonArray(JsonNode.Parse(license)),
        }.ToJsonString();
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var (status, answer) = await grid.Silos[0].Admin.SendJsonAsync(HttpMethod.Post, "/api/v1/admin/triad", body, cancellationToken).ConfigureAwait(false);
            if (status == HttpStatusCode.Created)
            {
                return;
            }

            if (status != HttpStatusCode.ServiceUnavailable || clock.Elapsed > CreateLimit)
            {
                throw new InvalidOperationException($"POST /api/v1/admin/triad answered {(int)status}: {answer}");
            }

            await Task.Delay(250, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The address of the server <paramref name="silo"/> reports active, or null (none, or no answer).</summary>
    public static async Task<string?> ActiveAsync(SiloUnderTest silo, CancellationToken cancellationToken)
    {
        try
        {
            var (status, body) = await silo.Admin.SendJsonAsync(HttpMethod.Get, "/api/v1/admin/triad", null, cancellationToken).ConfigureAwait(false);
            if (status != HttpStatusCode.OK)
            {
                return null;
            }

            using var view = JsonDocument.Parse(body);
            return view.RootElement.GetProperty("servers").EnumerateArray()
                .Where(s => s.GetProperty("isActive").GetBoolean())
                .Select(s => s.GetProperty("addresses")[0].GetString())
                .FirstOrDefault();
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return null;
        }
    }
}
