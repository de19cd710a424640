using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using OrleansLicense.Cluster.Tests.Support;
using OrleansLicense.Contracts.Admin;
using OrleansLicense.Contracts.Errors;

namespace OrleansLicense.Cluster.Tests;

/// <summary>Issue #15 item 4 (R-SEC-1): access rules belong to the grid; a rule added through one silo is enforced by another.</summary>
public sealed class AccessRulesGridTests(PostgresFixture postgres, ITestOutputHelper output)
{
    [Fact]
    public async Task A_rule_and_a_named_admin_made_on_one_silo_apply_on_the_other()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = await ClusterHarness.StartAsync(postgres.Server, 2, ct);
        var (first, second) = (cluster.Silos[0]!, cluster.Silos[1]!);

        // A named admin made through the first silo can administer through the second.
        using var made = await first.Http.SendAsync(first.Admin(HttpMethod.Post, "/api/v1/admin/access/admins", JsonContent.Create(new NamedAdminRequest("carol"))), ct);
        Assert.Equal(HttpStatusCode.Created, made.StatusCode);
        var carol = (await made.Content.ReadFromJsonAsync<NamedAdminCreated>(ct))!.Token;
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(second, carol, ct));

        // A rule denying her, added through the first silo.
        using var added = await first.Http.SendAsync(first.Admin(HttpMethod.Post, "/api/v1/admin/access/rules", JsonContent.Create(new AccessRuleRequest("deny", "admin:carol", "any"))), ct);
        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        var rule = (await added.Content.ReadFromJsonAsync<AccessListView>(ct))!.Rules.Single();
        var watch = Stopwatch.StartNew();

        // The second silo follows within about a second (its copy's lifetime); the deadline is generous for a busy machine.
        var status = HttpStatusCode.OK;
        while (watch.Elapsed < TimeSpan.FromSeconds(20) && (status = await StatusAsync(second, carol, ct)) != HttpStatusCode.Forbidden)
        {
            await Task.Delay(100, ct);
        }

        output.WriteLine($"the rule applied on the other silo after {watch.ElapsedMilliseconds} ms");
        Assert.Equal(HttpStatusCode.Forbidden, status);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/admin/status");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", carol);
        using var denied = await second.Http.SendAsync(request, ct);
        var problem = (await denied.Content.ReadFromJsonAsync<ApiProblem>(ct))!;
        Assert.Equal(ErrorCodes.Forbidden, problem.Code);
        Assert.Contains($"Access rule {rule.Id} (deny admin:carol from any)", problem.Detail, StringComparison.Ordinal);

        // The grid's own token is not carol.
        using var token = await second.Http.SendAsync(second.Admin(HttpMethod.Get, "/api/v1/admin/status"), ct);
        Assert.Equal(HttpStatusCode.OK, token.StatusCode);
    }

    private static async Task<HttpStatusCode> StatusAsync(OrleansLicense.Testing.Silo.SiloProcess silo, string token, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/admin/status");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await silo.Http.SendAsync(request, ct);
        return response.StatusCode;
    }
}
