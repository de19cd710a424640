using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using OrleansLicense.Contracts.Borrows;
using OrleansLicense.Contracts.Errors;
using OrleansLicense.Contracts.Admin;
using OrleansLicense.Contracts.Sessions;
using OrleansLicense.Silo.Tests.Infrastructure;
using OrleansLicense.Testing.Network;
using OrleansLicense.Testing.Silo;

namespace OrleansLicense.Silo.Tests.Process;

/// <summary>
/// Issue 14, item 11 (R-LIC-5): a local-only license is checked on every path that takes a seat. The client is a
/// real other host: curl in a network namespace this test creates, reaching the built silo over a veth pair.
/// </summary>
public sealed class LocalOnlyNetworkTests() : ProcessWalk("olic-localonly")
{
    private const string Product = "acme-local";

    [Fact]
    public async Task Login_check_out_and_borrow_from_another_host_are_refused_with_local_only()
    {
        await using var network = await NetworkNamespace.TryCreateAsync(Ct);
        if (network is null)
        {
            Assert.Skip("Needs root and iproute2 to make a network namespace.");
        }

        var vendor = new TestVendor();
        vendor.TrustIn(Data);
        await using var silo = await SiloProcess.StartAsync(
            new SiloProcessOptions { DataFolder = Data, WorkingDirectory = Work.Path, Arguments = ["--listen", network.HostAddress] },
            Ct);
        var license = await ImportAsync(silo, vendor.Issue(Product, DateTimeOffset.UtcNow, [("draw", 5)], localOnly: true, borrowable: true));
        var remoteBase = $"http://{network.HostAddress}:{silo.HttpPort}";
        var client = new ClientInfo("ann", "ws-17", "cad.exe", "fp-1");

        // Login from the other host.
        var login = await CurlPostAsync(network, $"{remoteBase}/api/v1/sessions", new LoginRequest(Product, [new FeatureRequest("draw", 1)], client));
        Assert.Equal((403, ErrorCodes.LocalOnly), login);

        // A session made on this machine, used from the other host to take more seats.
        using var local = await Http.PostAsJsonAsync($"{silo.BaseUrl}/api/v1/sessions", new LoginRequest(Product, [new FeatureRequest("draw", 1)], client), Ct);
        await ApiCalls.AssertStatusAsync(local, HttpStatusCode.Created);
        var session = (await local.Content.ReadFromJsonAsync<LoginResponse>(Ct))!;
        var checkOut = await CurlPostAsync(network, $"{remoteBase}/api/v1/sessions/{session.SessionId}/features", new CheckOutRequest([new FeatureRequest("draw", 2)]));
        Assert.Equal((403, ErrorCodes.LocalOnly), checkOut);

        // A borrow from the other host; the same borrow from this machine is lent, so the refusal is local-only's.
        var borrow = new BorrowRequest(Product, [new FeatureRequest("draw", 1)], Hours: 1, client);
        Assert.Equal((403, ErrorCodes.LocalOnly), await CurlPostAsync(network, $"{remoteBase}/api/v1/borrows", borrow));
        using (var localBorrow = await Http.PostAsJsonAsync($"{silo.BaseUrl}/api/v1/borrows", borrow, Ct))
        {
            await ApiCalls.AssertStatusAsync(localBorrow, HttpStatusCode.Created);
        }

        // One seat for the local session and one lent to this machine: nothing the other host asked for.
        var draw = (await LicenseAsync(silo, license)).Features.Single();
        Assert.Equal((1, 1), (draw.Used, draw.Borrowed));
    }

    private async Task<string> ImportAsync(SiloProcess silo, string licenseFile)
    {
        using var request = silo.Admin(HttpMethod.Post, "/api/v1/admin/licenses", new StringContent(licenseFile, System.Text.Encoding.UTF8, "application/json"));
        using var response = await silo.Http.SendAsync(request, Ct);
        await ApiCalls.AssertStatusAsync(response, HttpStatusCode.Created);
        return (await response.Content.ReadFromJsonAsync<LicenseView>(Ct))!.Id;
    }

    private async Task<LicenseView> LicenseAsync(SiloProcess silo, string id)
    {
        using var request = silo.Admin(HttpMethod.Get, $"/api/v1/admin/licenses/{id}");
        using var response = await silo.Http.SendAsync(request, Ct);
        await ApiCalls.AssertStatusAsync(response, HttpStatusCode.OK);
        return (await response.Content.ReadFromJsonAsync<LicenseView>(Ct))!;
    }

    // curl inside the namespace: answers the status and the problem's code.
    private static async Task<(int Status, string? Code)> CurlPostAsync(NetworkNamespace network, string url, object body)
    {
        var (exitCode, output) = await network.ExecAsync(
            Ct,
            "curl", "-s", "--max-time", "20", "-w", "\n%{http_code}", "-X", "POST", url, "-H", "Content-Type: application/json", "--data", JsonSerializer.Serialize(body, JsonSerializerOptions.Web));
        Assert.True(exitCode == 0, $"curl in {network.Name} failed ({exitCode}): {output}");
        var lines = output.TrimEnd().Split('\n');
        var status = int.Parse(lines[^1], System.Globalization.CultureInfo.InvariantCulture);
        var json = string.Join('\n', lines[..^1]);
        string? code = null;
        if (json.Length > 0)
        {
            using var problem = JsonDocument.Parse(json);
            code = problem.RootElement.TryGetProperty("code", out var c) ? c.GetString() : null;
        }

        return (status, code);
    }
}
