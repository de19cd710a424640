using System.Net.Http.Json;
using OrleansLicense.Contracts.Admin;
using OrleansLicense.Testing.Silo;

namespace OrleansLicense.Cluster.Tests.Support;

/// <summary>The admin status of one silo: its view of the grid (members, leader, activations).</summary>
internal static class SiloStatus
{
    /// <summary>GET /api/v1/admin/status?dead=true with the silo's admin token: every row, dead silos too (issue #14 item 16 hides them by default).</summary>
    public static async Task<StatusView> StatusAsync(this SiloProcess silo, CancellationToken cancellationToken)
    {
        using var response = await silo.Http.SendAsync(silo.Admin(HttpMethod.Get, "/api/v1/admin/status?dead=true"), cancellationToken);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<StatusView>(cancellationToken))!;
    }
}
