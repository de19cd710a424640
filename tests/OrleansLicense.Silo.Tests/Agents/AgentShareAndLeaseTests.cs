using System.Net;
using OrleansLicense.Testing;
using OrleansLicense.Testing.Silo;

namespace OrleansLicense.Silo.Tests.Agents;

/// <summary>
/// Issue #18 items 4, 5 and 7 with real processes: share mode (a downstream grant takes an upstream seat at the
/// moment of the grant; no over-grant across both levels under concurrent logins; refused while the upstream is
/// stopped) and the lease (the downstream stops granting after half of it without a renewal, the upstream takes the
/// seats back after all of it). The upstream's lease is 8 s here (default 1 h).
/// </summary>
public sealed class AgentShareAndLeaseTests : AgentGrids
{
    private static readonly Dictionary<string, string> ShortLease = new() { ["OLIC_Agent__LeaseSeconds"] = "8" };
    private Dictionary<string, string>? _downEnvironment;

    [Fact]
    public async Task Share_mode_draws_upstream_seats_per_grant_never_over_grants_and_refuses_without_the_upstream()
    {
        var (up, down) = await TwoGridsAsync(seats: 4);
        Assert.Equal(0, (await RestAsync(down, "addAgent", "featureName=draw&featureUserNumber=3&mode=share")).Code);

        // Nothing moves until a downstream client logs in; then that one seat is taken upstream too.
        var first = await LoginAsync(down, "draw", 1);
        Assert.Equal(HttpStatusCode.Created, first.Status);
        Assert.Equal(HttpStatusCode.Conflict, (await LoginAsync(up, "draw", 4)).Status);
        var three = await LoginAsync(up, "draw", 3);
        Assert.Equal(HttpStatusCode.Created, three.Status);
        Assert.Equal(HttpStatusCode.Conflict, (await LoginAsync(down, "draw", 1)).Status);

        // Logouts on either side give the seats back on both levels (the downstream's draw-back is one-way: polled).
        await LogoutAsync(up, three.SessionId!);
        await LogoutAsync(down, first.SessionId!);
        Assert.True(await EventuallyAsync(async () => await TryLoginAndOutAsync(up, 4), TimeSpan.FromSeconds(20)));

        // Concurrent logins on both levels (bounded: 12 on each) next to one downstream session held throughout:
        // together never more than the upstream's 4 seats, the downstream never more than its 3.
        var anchor = await LoginAsync(down, "draw", 1);
        Assert.Equal(HttpStatusCode.Created, anchor.Status);
        var attempts = Enumerable.Range(0, 12).SelectMany(_ => new[] { LoginAsync(up, "draw", 1), LoginAsync(down, "draw", 1) }).ToList();
        var results = await Task.WhenAll(attempts);
        var upGranted = results.Where((r, i) => i % 2 == 0 && r.Status == HttpStatusCode.Created).Count();
        var downGranted = 1 + results.Where((r, i) => i % 2 == 1 && r.Status == HttpStatusCode.Created).Count();
        Assert.All(results, r => Assert.Contains(r.Status, new[] { HttpStatusCode.Created, HttpStatusCode.Conflict }));
        Assert.True(upGranted + downGranted <= 4, $"over-grant: {upGranted} upstream + {downGranted} downstream > 4");
        Assert.True(downGranted <= 3);
        Assert.Equal(4, upGranted + downGranted);
        var info = Assert.Single((await RestAsync(down, "getAgent", "featureName=draw")).Agents!);
        Assert.Equal(("share", 3, downGranted), (info.Mode, info.Seats, info.InUse));

        // A share-mode release is refused while downstream clients hold seats (code 12); forced, it kicks them and
        // every seat they drew upstream comes back there.
        Assert.Equal(12, (await RestAsync(down, "releaseAgent", "featureName=draw&mode=share")).Code);
        Assert.Equal(0, (await RestAsync(down, "releaseAgent", "featureName=draw&mode=share&force=true")).Code);
        Assert.True(await EventuallyAsync(async () => await TryLoginAndOutAsync(up, downGranted), TimeSpan.FromSeconds(20)));

        // Shared again; with the upstream stopped, a downstream login on the shared feature is refused with a clear code.
        Assert.Equal(0, (await RestAsync(down, "addAgent", "featureName=draw&featureUserNumber=3&mode=share")).Code);
        await up.KillAsync(Ct);
        var refused = await LoginProblemAsync(down, "draw", 1);
        Assert.Equal((HttpStatusCode.ServiceUnavailable, "agent_upstream_unreachable"), refused);
    }

    [Fact]
    public async Task Without_renewals_the_downstream_stops_at_half_the_lease_and_the_upstream_takes_the_seats_back_after_it()
    {
        var (up, down) = await TwoGridsAsync(seats: 3);
        Assert.Equal(0, (await RestAsync(down, "addAgent", "featureName=draw&featureUserNumber=2&mode=increase")).Code);

        // Concurrent logins on both levels (bounded: 8 on each): the upstream grants at most its 1 seat left, the
        // downstream at most the 2 it holds, and every seat is used.
        var race = await Task.WhenAll(Enumerable.Range(0, 8).SelectMany(_ => new[] { LoginAsync(up, "draw", 1), LoginAsync(down, "draw", 1) }));
        var upRace = race.Where((r, i) => i % 2 == 0 && r.Status == HttpStatusCode.Created).ToList();
        var downRace = race.Where((r, i) => i % 2 == 1 && r.Status == HttpStatusCode.Created).ToList();
        Assert.Equal((1, 2), (upRace.Count, downRace.Count));
        Assert.All(race, r => Assert.Contains(r.Status, new[] { HttpStatusCode.Created, HttpStatusCode.Conflict }));
        await LogoutAsync(up, upRace[0].SessionId!);
        foreach (var granted in downRace)
        {
            await LogoutAsync(down, granted.SessionId!);
        }

        var held = await LoginAsync(down, "draw", 1);
        Assert.Equal(HttpStatusCode.Created, held.Status);
        Assert.Equal(HttpStatusCode.Conflict, (await LoginAsync(up, "draw", 2)).Status);

        // The upstream stops: after half the lease without a renewal the downstream kicks its holders and grants nothing.
        var upPort = up.HttpPort;
        await up.KillAsync(Ct);
        Assert.True(await EventuallyAsync(async () => (await HeartbeatAsync(down, held.SessionId!)).StatusCode == HttpStatusCode.Gone, TimeSpan.FromSeconds(30)));
        Assert.NotEqual(HttpStatusCode.Created, (await LoginAsync(down, "draw", 1)).Status);
        var stopped = Assert.Single((await RestAsync(down, "getAgent", "")).Agents!);
        Assert.Equal("stopped", stopped.State);

        // The upstream is back (a restart grants a full lease): the downstream renews and serves again.
        up = await StartAsync(Work.File("up"), upPort, ShortLease);
        Assert.True(await EventuallyAsync(async () => await TryLoginAndOutAsync(down, 2), TimeSpan.FromSeconds(30)));

        // The downstream dies: the upstream takes its 2 seats back once the lease has run out.
        var downPort = down.HttpPort;
        await down.KillAsync(Ct);
        Assert.Equal(HttpStatusCode.Conflict, (await LoginAsync(up, "draw", 2)).Status);
        Assert.True(await EventuallyAsync(async () => await TryLoginAndOutAsync(up, 3), TimeSpan.FromSeconds(40)));

        // Restarted after more than half a lease, the downstream grants nothing from its first request on (the seats
        // are the upstream's again), and says why.
        var upHolds = await LoginAsync(up, "draw", 3);
        Assert.Equal(HttpStatusCode.Created, upHolds.Status);
        down = await StartAsync(Work.File("down"), downPort, _downEnvironment!);
        Assert.NotEqual(HttpStatusCode.Created, (await LoginAsync(down, "draw", 1)).Status);
        Assert.True(await EventuallyAsync(async () => Assert.Single((await RestAsync(down, "getAgent", "")).Agents!).State == "expired", TimeSpan.FromSeconds(20)));
    }

    [Fact]
    public async Task A_replaced_credential_and_a_silo_without_upstream_answer_their_codes()
    {
        var (up, down) = await TwoGridsAsync(seats: 3);

        // Code 11: the upstream silo itself has no upstream configured.
        Assert.Equal(11, (await RestAsync(up, "addAgent", "featureName=draw&featureUserNumber=1&mode=increase")).Code);

        // Code 10: the upstream issues a new credential for the agent, so the one the downstream holds is refused.
        await CreateCredentialAsync(up, "plant-b");
        Assert.Equal(10, (await RestAsync(down, "addAgent", "featureName=draw&featureUserNumber=1&mode=increase")).Code);
    }

    private async Task<(SiloProcess Up, SiloProcess Down)> TwoGridsAsync(int seats)
    {
        var upData = Work.File("up");
        var up = await StartAsync(upData, FreePort.Next(), ShortLease);
        Vendor.TrustIn(upData);
        await ImportAsync(up, Issue("OL-AGENT-2", Product, true, ("draw", seats)));
        var credential = await CreateCredentialAsync(up, "plant-b");
        _downEnvironment = new Dictionary<string, string>
        {
            ["OLIC_Agent__Upstream"] = up.BaseUrl,
            ["OLIC_Agent__Credential"] = credential,
        };
        var down = await StartAsync(Work.File("down"), FreePort.Next(), _downEnvironment);
        return (up, down);
    }

    private async Task<bool> TryLoginAndOutAsync(SiloProcess silo, int count)
    {
        var login = await LoginAsync(silo, "draw", count);
        if (login.Status != HttpStatusCode.Created)
        {
            return false;
        }

        await LogoutAsync(silo, login.SessionId!);
        return true;
    }
}
