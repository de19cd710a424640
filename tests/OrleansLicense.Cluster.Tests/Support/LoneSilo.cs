using System.Net.Http.Json;
using System.Text;
using OrleansLicense.Contracts.Admin;
using OrleansLicense.Licensing.Documents;
using OrleansLicense.Licensing.Keys;
using OrleansLicense.Licensing.Signing;
using OrleansLicense.Testing;
using OrleansLicense.Testing.Silo;

namespace OrleansLicense.Cluster.Tests.Support;

/// <summary>One silo process (SQLite, loopback, plaintext Orleans gateway) with a vendor key and license L1 of product cad.</summary>
internal sealed class LoneSilo : IAsyncDisposable
{
    private readonly TempDirectory _dir;

    private LoneSilo(TempDirectory dir, SiloProcess silo, VendorKeyPair vendor)
    {
        _dir = dir;
        Silo = silo;
        Vendor = vendor;
    }

    public SiloProcess Silo { get; }

    public VendorKeyPair Vendor { get; }

    /// <summary>The silo's Orleans gateway as the client library takes it.</summary>
    public string OrleansGateway => $"olic://127.0.0.1:{Silo.GatewayPort}";

    public static async Task<LoneSilo> StartAsync(IEnumerable<(string Name, int Seats)> features, CancellationToken ct)
    {
        var dir = new TempDirectory("olic-lone", keepOnRequest: true);
        var vendor = VendorKeyPair.Generate();
        var folder = Path.Combine(dir.Path, "silo");
        Directory.CreateDirectory(Path.Combine(folder, "keys"));
        await File.WriteAllTextAsync(Path.Combine(folder, "keys", "vendor.pub.pem"), vendor.ExportPublicKeyPem(), ct);
        SiloProcess silo;
        try
        {
            silo = await SiloProcess.StartAsync(new SiloProcessOptions { DataFolder = folder, WriteProcessLog = true }, ct);
        }
        catch
        {
            dir.Dispose();
            throw;
        }

        var lone = new LoneSilo(dir, silo, vendor);
        try
        {
            var text = LicenseIssuer.Issue(
                new LicenseDocument("L1", "cad", LicenseEdition.Enterprise, DateTimeOffset.UtcNow.AddDays(-1), null, LicenseFlags.None,
                    [.. features.Select(f => new LicenseFeature(f.Name, f.Seats))], LicenseBinding.None),
                vendor);
            using var response = await silo.Http.SendAsync(silo.Admin(HttpMethod.Post, "/api/v1/admin/licenses", new StringContent(text, Encoding.UTF8, "application/json")), ct);
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(ct));
        }
        catch
        {
            await lone.DisposeAsync();
            throw;
        }

        return lone;
    }

    public async Task<LicenseView> LicenseAsync(CancellationToken ct)
    {
        using var response = await Silo.Http.SendAsync(Silo.Admin(HttpMethod.Get, "/api/v1/admin/licenses/L1"), ct);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(ct));
        return (await response.Content.ReadFromJsonAsync<LicenseView>(ct))!;
    }

    public async Task<IReadOnlyList<SessionView>> SessionsAsync(CancellationToken ct)
    {
        using var response = await Silo.Http.SendAsync(Silo.Admin(HttpMethod.Get, "/api/v1/admin/sessions"), ct);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(ct));
        return (await response.Content.ReadFromJsonAsync<List<SessionView>>(ct))!;
    }

    public async ValueTask DisposeAsync()
    {
        await Silo.DisposeAsync();
        _dir.Dispose();
    }
}
