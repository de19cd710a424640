using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using OrleansLicense.Licensing.Documents;
using OrleansLicense.Licensing.Signing;
using OrleansLicense.Silo.Tests.Infrastructure;
using OrleansLicense.Silo.Tests.Process;
using OrleansLicense.Testing;
using OrleansLicense.Testing.Silo;

namespace OrleansLicense.Silo.Tests.Agents;

/// <summary>
/// Issue #18 with real processes: two silos, each its own single-silo grid on SQLite in its own data folder; the
/// second-level one serves part of the first's seats (R-AGT-1, R-AGT-2).
/// </summary>
public sealed class AgentProcessTests : AgentGrids
{
    [Fact]
    public async Task Increase_mode_moves_seats_serves_them_without_the_upstream_and_every_seed_code_is_answered()
    {
        var upData = Work.File("up");
        var upPort = FreePort.Next();
        var up = await StartAsync(upData, upPort, new Dictionary<string, string>());
        Vendor.TrustIn(upData);
        // A plain license of the same product comes first (as in the README's walk): the agent draws on the agentable one.
        await ImportAsync(up, Issue("OL-AAA-0", Product, false, ("draw", 5)));
        await ImportAsync(up, Issue("OL-AGENT-1", Product, true, ("draw", 5), ("view", 2)));
        var shown = await Olic.RunOkAsync(Work.Path, "license", "show", "OL-AGENT-1", "--server", up.BaseUrl, "--token", up.AdminToken);
        Assert.Matches("Flags: +.*agentable", shown.Output);
        await ImportAsync(up, Issue("OL-PLAIN-1", "plain-cad", false, ("draw", 5)));

        // The upstream's administrator issues the link credential with olic (item 3).
        var issued = await Olic.RunOkAsync(Work.Path, "agent", "credential", "create", "plant-b", "--server", up.BaseUrl, "--token", up.AdminToken);
        var credential = issued.Output.Trim();
        Assert.StartsWith("plant-b.", credential, StringComparison.Ordinal);
        var down = await StartAsync(Work.File("down"), FreePort.Next(), new Dictionary<string, string>
        {
            ["OLIC_Agent__Upstream"] = up.BaseUrl,
            ["OLIC_Agent__Credential"] = credential,
        });

        // The seed's three calls are in the OpenAPI document (item 2).
        using var probe = new HttpClient();
        var openApi = await probe.GetFromJsonAsync<JsonElement>(new Uri($"{down.BaseUrl}/openapi/v1.json"), Ct);
        foreach (var call in new[] { "addAgent", "releaseAgent", "getAgent" })
        {
            Assert.True(openApi.GetProperty("paths").TryGetProperty($"/rest/{{pwd}}/product/{{pid}}/{call}", out var path), call);
            Assert.True(path.TryGetProperty("post", out _), call);
        }

        // Every refusal of addAgent before anything is delegated (codes in AgentRestCodes).
        Assert.Equal(1, (await RestAsync(down, "addAgent", "featureName=draw\nfeatureUserNumber=3\nmode=increase", pwd: "wrong")).Code);
        Assert.Equal(2, (await RestAsync(down, "addAgent", "colour=red")).Code);
        Assert.Equal(2, (await RestAsync(down, "addAgent", "featureUserNumber=3&mode=increase")).Code);
        Assert.Equal(3, (await RestAsync(down, "addAgent", "featureName=draw&featureUserNumber=3&mode=lend")).Code);
        Assert.Equal(4, (await RestAsync(down, "addAgent", "featureName=draw&featureUserNumber=-1&mode=increase")).Code);
        Assert.Equal(4, (await RestAsync(down, "addAgent", "featureName=draw&featureUserNumber=many&mode=increase")).Code);
        Assert.Equal(5, (await RestAsync(down, "addAgent", "featureName=draw&featureUserNumber=3&mode=increase", product: "no-such-product")).Code);
        Assert.Equal(6, (await RestAsync(down, "addAgent", "featureName=paint&featureUserNumber=3&mode=increase")).Code);
        Assert.Equal(6, (await RestAsync(down, "addAgent", "fid=9&featureUserNumber=3&mode=increase")).Code);
        Assert.Equal(7, (await RestAsync(down, "addAgent", "featureName=draw&featureUserNumber=1&mode=increase", product: "plain-cad")).Code);
        Assert.Equal(8, (await RestAsync(down, "addAgent", "featureName=draw&featureUserNumber=6&mode=increase")).Code);
        Assert.Equal(14, (await RestAsync(down, "releaseAgent", "featureName=draw")).Code);

        // addAgent by fid (draw is the license's first feature): 3 seats move downstream. The <pwd> is a named admin's own
        // token (#15 item 4), so the log says who added the agent.
        var ops = await NamedAdminTokenAsync(down, "ops");
        var added = await RestAsync(down, "addAgent", "fid=1\nfeatureUserNumber=3\nmode=increase", pwd: ops);
        Assert.Equal((0, ""), (added.Code, added.ErrMsg));
        await AssertPrintedAsync(down, "Agent added by ops: 3 seat(s) of acme-cad OL-AGENT-1/draw in increase mode");
        Assert.Equal(13, (await RestAsync(down, "addAgent", "featureName=draw&featureUserNumber=1&mode=share")).Code);

        // The plain license's seats would blur the upstream's counts below.
        await Olic.RunOkAsync(Work.Path, "license", "deactivate", "OL-AAA-0", "--yes", "--server", up.BaseUrl, "--token", up.AdminToken);
        var info = await RestAsync(down, "getAgent", "");
        Assert.Equal(0, info.Code);
        var agent = Assert.Single(info.Agents!);
        Assert.Equal(("OL-AGENT-1", "draw", "increase", 3, 0, "active"), (agent.LicenseId, agent.Feature, agent.Mode, agent.Seats, agent.InUse, agent.State));

        // Visible on both sides (item 6): olic agent list.
        var upList = await Olic.RunOkAsync(Work.Path, "agent", "list", "--server", up.BaseUrl, "--token", up.AdminToken);
        Assert.Matches(@"upstream\s+plant-b\s+OL-AGENT-1\s+acme-cad\s+draw\s+increase\s+3\s+3\s+active", upList.Output);
        var downList = await Olic.RunOkAsync(Work.Path, "agent", "list", "--server", down.BaseUrl, "--token", down.AdminToken);
        Assert.Matches(@"downstream\s+plant-b\s+OL-AGENT-1\s+acme-cad\s+draw\s+increase\s+3\s+0\s+active", downList.Output);

        // And on /metrics (#15 item 6): one agreement on each side, by role.
        Assert.Matches("(?m)^olic_agents\\{[^}]*role=\"upstream\"[^}]*\\} 1( |$)", await MetricsAsync(up));
        Assert.Matches("(?m)^olic_agents\\{[^}]*role=\"downstream\"[^}]*\\} 1( |$)", await MetricsAsync(down));

        // Upstream: 3 of 5 are delegated, so only 2 are free (R-SESS-2: held + borrowed + delegated <= seats).
        Assert.Equal(HttpStatusCode.Conflict, (await LoginAsync(up, "draw", 3)).Status);
        var upSession = await LoginAsync(up, "draw", 2);
        Assert.Equal(HttpStatusCode.Created, upSession.Status);

        // A forged link call (wrong secret, or none) is refused and changes nothing.
        Assert.Equal(HttpStatusCode.Unauthorized, await LinkSetAsync(up, "plant-b.0000", 0));
        Assert.Equal(HttpStatusCode.Unauthorized, await LinkSetAsync(up, null, 0));
        Assert.Equal(HttpStatusCode.Conflict, (await LoginAsync(up, "draw", 1)).Status);

        // Downstream: exactly the 3 delegated seats.
        var held = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var login = await LoginAsync(down, "draw", 1);
            Assert.Equal(HttpStatusCode.Created, login.Status);
            held.Add(login.SessionId!);
        }

        Assert.Equal(HttpStatusCode.Conflict, (await LoginAsync(down, "draw", 1)).Status);
        Assert.Equal(12, (await RestAsync(down, "releaseAgent", "featureName=draw")).Code);

        // The upstream stops: the downstream keeps serving its seats (increase mode), and new agreements fail with code 9.
        await up.KillAsync(Ct);
        await LogoutAsync(down, held[0]);
        var again = await LoginAsync(down, "draw", 1);
        Assert.Equal(HttpStatusCode.Created, again.Status);
        held[0] = again.SessionId!;
        Assert.Equal(9, (await RestAsync(down, "addAgent", "featureName=view&featureUserNumber=1&mode=increase")).Code);

        // The upstream comes back on the same port; a forced release kicks the downstream sessions and returns the seats.
        up = await StartAsync(upData, upPort, new Dictionary<string, string>());
        var released = await RestAsync(down, "releaseAgent", "featureName=draw\nforce=true");
        Assert.Equal((0, ""), (released.Code, released.ErrMsg));
        await AssertPrintedAsync(down, "Agent released by admin token: all seat(s) of acme-cad OL-AGENT-1/draw (force True)");
        Assert.Equal(HttpStatusCode.Gone, (await HeartbeatAsync(down, held[1])).StatusCode);
        // The downstream no longer licenses the feature at all.
        Assert.Equal(HttpStatusCode.NotFound, (await LoginAsync(down, "draw", 1)).Status);
        Assert.Equal(HttpStatusCode.Created, (await LoginAsync(up, "draw", 3)).Status);
        var after = Assert.Single((await RestAsync(down, "getAgent", "")).Agents!);
        Assert.Equal(("released", 0), (after.State, after.Seats));
    }

    // The silo's console output reaches the test through a pipe, a moment after the answer.
    private static async Task AssertPrintedAsync(SiloProcess silo, string line)
        => Assert.True(await EventuallyAsync(() => Task.FromResult(silo.Output.Contains(line, StringComparison.Ordinal)), TimeSpan.FromSeconds(10)), $"The silo did not log '{line}'.");

    private static async Task<string> NamedAdminTokenAsync(SiloProcess silo, string name)
    {
        using var response = await silo.Http.SendAsync(silo.Admin(HttpMethod.Post, "/api/v1/admin/access/admins", JsonContent.Create(new { name })), Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("token").GetString()!;
    }

    private static async Task<string> MetricsAsync(SiloProcess silo)
    {
        using var response = await silo.Http.SendAsync(silo.Admin(HttpMethod.Get, "/metrics"), Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync(Ct);
    }
}
