using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using OrleansLicense.Contracts.Admin;
using OrleansLicense.Contracts.Errors;
using OrleansLicense.Silo.Tests.Infrastructure;

namespace OrleansLicense.Silo.Tests.Security;

/// <summary>
/// Issue #15 item 4 (R-SEC-1): ordered allow/deny rules on who and where, the first match deciding; the lock-out
/// guard; named admins with their own tokens. Other computers call over HTTPS (item 3 would refuse plain HTTP first).
/// </summary>
public sealed class AccessRuleTests(SiloFixture silo) : IClassFixture<SiloFixture>, IAsyncLifetime
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        // Each test starts from an empty list (the fixture's silo is shared by the class's tests, which run one by one).
        // Last rule first: removing an early allow first could leave a later deny that refuses the next removal.
        var list = await ListAsync(silo.Admin);
        foreach (var rule in list.Rules.Reverse())
        {
            using var removed = await silo.Admin.DeleteAsync($"/api/v1/admin/access/rules/{rule.Id}?force=true", Ct);
            await ApiCalls.AssertStatusAsync(removed, HttpStatusCode.OK);
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task A_deny_rule_refuses_matching_callers_with_403_forbidden_naming_the_rule_and_others_pass()
    {
        var list = await AddOkAsync(silo.Admin, "deny", "token", "192.0.2.0/24");
        var id = list.Rules.Single().Id;

        using var denied = await CallAsync(Https(Token()), "192.0.2.10");
        using var other = await CallAsync(Https(Token()), "198.51.100.7");
        using var local = await CallAsync(silo.Admin, "127.0.0.1");

        var problem = await ApiCalls.AssertProblemAsync(denied, HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
        Assert.Contains($"Access rule {id} (deny token from 192.0.2.0/24)", problem.Detail, StringComparison.Ordinal);
        await ApiCalls.AssertStatusAsync(other, HttpStatusCode.OK);
        await ApiCalls.AssertStatusAsync(local, HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_first_matching_rule_decides()
    {
        await AddOkAsync(silo.Admin, "allow", "token", "192.0.2.10");
        await AddOkAsync(silo.Admin, "deny", "everyone", "192.0.2.0/24");
        await AddOkAsync(silo.Admin, "allow", "everyone", "any");

        using var first = await CallAsync(Https(Token()), "192.0.2.10");
        using var second = await CallAsync(Https(Token()), "192.0.2.11");

        await ApiCalls.AssertStatusAsync(first, HttpStatusCode.OK);
        await ApiCalls.AssertProblemAsync(second, HttpStatusCode.Forbidden, ErrorCodes.Forbidden);

        // Put a deny first: it now decides for 192.0.2.10 too.
        using var moved = await silo.Admin.PostAsJsonAsync("/api/v1/admin/access/rules", new AccessRuleRequest("deny", "everyone", "192.0.2.10", Position: 1), Ct);
        await ApiCalls.AssertStatusAsync(moved, HttpStatusCode.OK);
        using var after = await CallAsync(Https(Token()), "192.0.2.10");
        await ApiCalls.AssertProblemAsync(after, HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
    }

    [Fact]
    public async Task An_allow_rule_for_this_computer_keeps_local_administration_open()
    {
        await AddOkAsync(silo.Admin, "allow", "everyone", "this-computer");
        await AddOkAsync(silo.Admin, "deny", "everyone", "any", force: false);

        using var local = await CallAsync(silo.Admin, "::1");
        using var remote = await CallAsync(Https(Token()), "203.0.113.5");

        await ApiCalls.AssertStatusAsync(local, HttpStatusCode.OK);
        await ApiCalls.AssertProblemAsync(remote, HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
    }

    [Fact]
    public async Task A_change_that_would_lock_out_the_caller_is_refused_unless_forced()
    {
        using var bob = await NamedAdminAsync("bob");

        using var refused = await bob.PostAsJsonAsync("/api/v1/admin/access/rules", new AccessRuleRequest("deny", "admin:bob", "this-computer"), Ct);
        var problem = await ApiCalls.AssertProblemAsync(refused, HttpStatusCode.Conflict, ErrorCodes.Conflict);
        Assert.Contains("lock you out", problem.Detail, StringComparison.Ordinal);
        Assert.Empty((await ListAsync(silo.Admin)).Rules);

        using var forced = await bob.PostAsJsonAsync("/api/v1/admin/access/rules", new AccessRuleRequest("deny", "admin:bob", "this-computer", Force: true), Ct);
        await ApiCalls.AssertStatusAsync(forced, HttpStatusCode.OK);
        using var lockedOut = await CallAsync(bob, "127.0.0.1");
        var denied = await ApiCalls.AssertProblemAsync(lockedOut, HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
        Assert.Contains("deny admin:bob from this-computer", denied.Detail, StringComparison.Ordinal);

        // The grid's own token is not bob: it still administers.
        using var token = await CallAsync(silo.Admin, "127.0.0.1");
        await ApiCalls.AssertStatusAsync(token, HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_named_admin_has_a_token_of_their_own_which_stops_working_when_removed()
    {
        using var ann = await NamedAdminAsync("ann");
        using var served = await CallAsync(ann, "127.0.0.1");
        await ApiCalls.AssertStatusAsync(served, HttpStatusCode.OK);
        Assert.Contains("ann", (await ListAsync(silo.Admin)).Admins);

        using var removed = await silo.Admin.DeleteAsync("/api/v1/admin/access/admins/ann", Ct);
        await ApiCalls.AssertStatusAsync(removed, HttpStatusCode.OK);

        using var refused = await CallAsync(ann, "127.0.0.1");
        await ApiCalls.AssertProblemAsync(refused, HttpStatusCode.Unauthorized, ErrorCodes.Unauthorized);
    }

    [Fact]
    public async Task The_agent_rest_routes_whose_pwd_is_an_admin_token_obey_the_access_rules_and_https_required_with_code_16()
    {
        var list = await AddOkAsync(silo.Admin, "deny", "token", "192.0.2.0/24");
        var id = list.Rules.Single().Id;
        var https = silo.Factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost") });

        var (deniedStatus, denied) = await GetAgentAsync(https, "192.0.2.10");
        var (otherStatus, other) = await GetAgentAsync(https, "198.51.100.7");
        var (plainStatus, plain) = await GetAgentAsync(silo.Client, "198.51.100.7");
        var (localStatus, local) = await GetAgentAsync(silo.Client, "127.0.0.1");

        Assert.Equal((HttpStatusCode.Forbidden, 16), (deniedStatus, denied.GetProperty("code").GetInt32()));
        Assert.Contains($"Access rule {id} (deny token from 192.0.2.0/24)", denied.GetProperty("errMsg").GetString(), StringComparison.Ordinal);
        Assert.Equal((HttpStatusCode.OK, 0), (otherStatus, other.GetProperty("code").GetInt32()));
        Assert.Equal((HttpStatusCode.Forbidden, 16), (plainStatus, plain.GetProperty("code").GetInt32()));
        Assert.Contains("HTTPS", plain.GetProperty("errMsg").GetString(), StringComparison.Ordinal);
        Assert.Equal((HttpStatusCode.OK, 0), (localStatus, local.GetProperty("code").GetInt32()));
    }

    [Theory]
    [InlineData("permit", "everyone", "any")]
    [InlineData("allow", "somebody", "any")]
    [InlineData("allow", "everyone", "10.0.0.0/33")]
    [InlineData("allow", "everyone", "not a host")]
    public async Task A_malformed_rule_is_400_bad_request(string effect, string who, string where)
    {
        using var response = await silo.Admin.PostAsJsonAsync("/api/v1/admin/access/rules", new AccessRuleRequest(effect, who, where), Ct);

        await ApiCalls.AssertProblemAsync(response, HttpStatusCode.BadRequest, ErrorCodes.BadRequest);
    }

    private string Token() => File.ReadAllText(silo.Folder.File("admin.token")).Trim();

    private HttpClient Https(string token)
    {
        var client = silo.Factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost") });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private async Task<HttpClient> NamedAdminAsync(string name)
    {
        using var response = await silo.Admin.PostAsJsonAsync("/api/v1/admin/access/admins", new NamedAdminRequest(name), Ct);
        await ApiCalls.AssertStatusAsync(response, HttpStatusCode.Created);
        var created = (await response.Content.ReadFromJsonAsync<NamedAdminCreated>(Ct))!;
        Assert.Equal(name, created.Name);
        var client = silo.Factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", created.Token);
        return client;
    }

    private static async Task<HttpResponseMessage> CallAsync(HttpClient client, string from)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/admin/status");
        request.Headers.Add(TestRemoteAddress.Header, from);
        return await client.SendAsync(request, Ct);
    }

    private async Task<(HttpStatusCode Status, System.Text.Json.JsonElement Answer)> GetAgentAsync(HttpClient client, string from)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/rest/{Token()}/product/acme-cad/getAgent")
        {
            Content = new StringContent("", System.Text.Encoding.UTF8, "text/plain"),
        };
        request.Headers.Add(TestRemoteAddress.Header, from);
        using var response = await client.SendAsync(request, Ct);
        var answer = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(Ct);
        return (response.StatusCode, answer);
    }

    private static async Task<AccessListView> ListAsync(HttpClient admin)
        => (await admin.GetFromJsonAsync<AccessListView>("/api/v1/admin/access", Ct))!;

    private static async Task<AccessListView> AddOkAsync(HttpClient admin, string effect, string who, string where, bool force = false)
    {
        using var response = await admin.PostAsJsonAsync("/api/v1/admin/access/rules", new AccessRuleRequest(effect, who, where, Force: force), Ct);
        await ApiCalls.AssertStatusAsync(response, HttpStatusCode.OK);
        return (await response.Content.ReadFromJsonAsync<AccessListView>(Ct))!;
    }
}
