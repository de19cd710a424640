using System.Net.Http.Json;
using OrleansLicense.Contracts.Admin;
using OrleansLicense.Testing.Silo;

namespace OrleansLicense.Cluster.Tests.Support;

/// <summary>The admin status of one silo: its view of the grid (members, leader, activations).</summary>
internal static class SiloStatus
{
    /// <summary>GET /api/v1/admin/status?dead=true with the silo's admin token: every row, dead silos too (issue #14 item 16 hides them by default).</summary>
    /// <remarks>
    /// A 503 means "try again" (a grain call that timed out, e.g. on a loaded machine or while a dead silo's grains move):
    /// retried for up to 15 s, as clients do.
    /// </remarks>
    public static async Task<StatusView> StatusAsync(this SiloProcess silo, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            using var response = await silo.Http.SendAsync(silo.Admin(HttpMethod.Get, "/api/v1/admin/status?dead=true"), cancellationToken);
            if (response.StatusCode == System.Net.HttpStatusCode.ServiceUnavailable && DateTime.UtcNow < deadline)
            {
                await Task.Delay(200, cancellationToken);
                continue;
            }

            if (!response.IsSuccessStatusCode)
            {
                throw new HttpRequestException($"GET /api/v1/admin/status on {silo.BaseUrl}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
            }

            return (await response.Content.ReadFromJsonAsync<StatusView>(cancellationToken))!;
        }
    }
}
