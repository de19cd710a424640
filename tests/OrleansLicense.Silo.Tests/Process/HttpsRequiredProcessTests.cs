using OrleansLicense.Contracts.Errors;
using OrleansLicense.Testing.Network;
using OrleansLicense.Testing.Silo;

namespace OrleansLicense.Silo.Tests.Process;

/// <summary>
/// Issue #15 item 3 with a real network peer: curl in a network namespace made for the test (10.x over a veth pair)
/// calls the built silo. 127.0.0.2 would not do: it is loopback (127.0.0.0/8), which is this computer.
/// </summary>
public sealed class HttpsRequiredProcessTests() : ProcessWalk("olic-https-required")
{
    [Fact]
    public async Task An_admin_call_from_another_network_over_http_is_403_https_required_and_gateway_calls_are_served()
    {
        await using var other = await NetworkNamespace.TryCreateAsync(Ct);
        if (other is null)
        {
            Assert.Skip("Needs root and iproute2 to make a network namespace.");
        }

        await using var silo = await SiloProcess.StartAsync(
            new SiloProcessOptions { DataFolder = Data, WorkingDirectory = Work.Path, Arguments = ["--listen", other.HostAddress] },
            Ct);
        var url = $"http://{other.HostAddress}:{silo.HttpPort}";

        var (_, admin) = await other.ExecAsync(Ct, "curl", "-s", "-w", "\n%{http_code}", "-H", $"Authorization: Bearer {silo.AdminToken}", $"{url}/api/v1/admin/status");
        var (_, gateway) = await other.ExecAsync(Ct, "curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", $"{url}/api/v1/cluster/gateways");

        Assert.EndsWith("\n403", admin, StringComparison.Ordinal);
        Assert.Contains($"\"code\":\"{ErrorCodes.HttpsRequired}\"", admin, StringComparison.Ordinal);
        Assert.Equal("200", gateway);

        // The same call from this computer is served.
        using var local = silo.Admin(HttpMethod.Get, "/api/v1/admin/status");
        using var response = await silo.Http.SendAsync(local, Ct);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
    }
}
