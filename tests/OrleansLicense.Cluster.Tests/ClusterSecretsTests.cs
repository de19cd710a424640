using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using OrleansLicense.Cluster.Tests.Support;
using OrleansLicense.Contracts.Borrows;
using OrleansLicense.Licensing.Keys;
using OrleansLicense.Testing.Silo;

namespace OrleansLicense.Cluster.Tests;

/// <summary>
/// One server signing key and one admin token for the whole grid (R-CL-1, R-CL-3, R-BOR-4, R-SEC-1): three silo
/// processes, each with its own data folder, on one PostgreSQL. The first silo's key and token become the cluster's;
/// the others adopt them at start, rewrite their server.key.pem and admin.token (still mode 0600) and log it once.
/// So every gateway answers the same server key (a key pinned from one silo verifies what any silo signs), and the
/// token read from one silo's file (what the local CLI uses) opens the admin API of another.
/// </summary>
public sealed class ClusterSecretsTests(PostgresFixture postgres, ITestOutputHelper output)
{
    private const string KeyAdopted = "Adopted the cluster's server signing key";
    private const string TokenAdopted = "Adopted the cluster's admin token";

    [Fact]
    public async Task Every_silo_serves_the_first_silos_server_key_and_admin_token()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = await ClusterHarness.StartAsync(postgres.Server, 3, ct);
        output.WriteLine($"data: {cluster.Folder}");
        var silos = cluster.Silos.Select(s => s!).ToList();

        var served = new List<ServerKeyView>();
        foreach (var silo in silos)
        {
            served.Add((await silo.Http.GetFromJsonAsync<ServerKeyView>("/api/v1/borrows/server-key", ct))!);
        }

        Assert.Single(served.Distinct());
        foreach (var silo in silos)
        {
            var keyFile = Path.Combine(silo.DataFolder, "server.key.pem");
            Assert.Equal(served[0].KeyId, VendorKeyPair.FromPrivateKeyPem(await File.ReadAllTextAsync(keyFile, ct)).KeyId);
            AssertOwnerOnly(keyFile);
            AssertOwnerOnly(Path.Combine(silo.DataFolder, "admin.token"));
        }

        var token = silos[0].AdminToken;
        Assert.All(silos, s => Assert.Equal(token, s.AdminToken));
        Assert.Equal(HttpStatusCode.OK, await StatusCodeAsync(silos[1], token, ct));
        Assert.Equal(HttpStatusCode.OK, await StatusCodeAsync(silos[2], token, ct));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusCodeAsync(silos[1], "wrong-" + token, ct));

        // The first silo's own values won; each later one replaced its own once.
        Assert.Equal((0, 0), (LogCount(silos[0], KeyAdopted), LogCount(silos[0], TokenAdopted)));
        Assert.Equal((1, 1), (LogCount(silos[1], KeyAdopted), LogCount(silos[1], TokenAdopted)));
        Assert.Equal((1, 1), (LogCount(silos[2], KeyAdopted), LogCount(silos[2], TokenAdopted)));

        // A restart (after a crash) finds the cluster's values in its files: nothing to adopt, nothing changes.
        await cluster.StartSiloAsync(2, ct);
        var restarted = cluster.Silos[2]!;
        Assert.Equal(served[0], await restarted.Http.GetFromJsonAsync<ServerKeyView>("/api/v1/borrows/server-key", ct));
        Assert.Equal(token, restarted.AdminToken);
        Assert.Equal(HttpStatusCode.OK, await StatusCodeAsync(restarted, token, ct));
        Assert.Equal((1, 1), (LogCount(restarted, KeyAdopted), LogCount(restarted, TokenAdopted)));
    }

    private static async Task<HttpStatusCode> StatusCodeAsync(SiloProcess silo, string token, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/admin/status");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await silo.Http.SendAsync(request, cancellationToken);
        return response.StatusCode;
    }

    private static void AssertOwnerOnly(string path)
    {
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }
    }

    /// <summary>
    /// Lines of the silo's own log files holding <paramref name="text"/>. The files, not the captured console: the
    /// silo writes them before it serves, while the console reaches the test through a pipe read in the background.
    /// </summary>
    private static int LogCount(SiloProcess silo, string text)
        => Directory.GetFiles(Path.Combine(silo.DataFolder, "logs"), "silo-*.log")
            .Sum(file =>
            {
                using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                using var reader = new StreamReader(stream);
                return reader.ReadToEnd().Split('\n').Count(line => line.Contains(text, StringComparison.Ordinal));
            });
}
