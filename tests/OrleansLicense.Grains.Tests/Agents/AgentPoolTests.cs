using OrleansLicense.Contracts.Errors;
using OrleansLicense.Grains.Agents;
using OrleansLicense.Grains.Errors;
using OrleansLicense.Grains.Seats;
using OrleansLicense.Grains.Tests.Support;
using OrleansLicense.Licensing.Documents;
using static OrleansLicense.Grains.Tests.Borrows.BorrowTestExtensions;

namespace OrleansLicense.Grains.Tests.Agents;

/// <summary>
/// Issue #18 on the in-process cluster: an upstream pool's accounting of seats delegated to second-level agents
/// (R-AGT-1; R-SESS-2: held + borrowed + delegated never exceed the seats) and the upstream's lease.
/// </summary>
public sealed class AgentPoolTests : SiloTestBase
{
    private static readonly LicenseFlags Agentable = LicenseFlags.None with { Borrowable = true, Agentable = true };

    private IUpstreamAgentGrain Agent(string agentId = "plant-b", string feature = "draw")
        => Silo.Grains.GetGrain<IUpstreamAgentGrain>(AgentKey.Of("L1", feature, agentId));

    [Fact]
    public async Task Increase_mode_seats_count_as_used_for_logins_borrows_and_other_agents_and_come_back_on_release()
    {
        await Silo.ImportWith("L1", "cad", Agentable, ("draw", 5));
        await Silo.Login("s1", "cad", ("draw", 1));

        var agreement = await Agent().Set("cad", AgentMode.Increase, 3, CancellationToken.None);

        Assert.Equal((AgentStatus.Active, 3, 3), (agreement.Status, agreement.Seats, agreement.InUse));
        Assert.Equal(1, await Silo.Free("L1", "draw"));
        Assert.Equal(ErrorCodes.SeatsExhausted, (await Assert.ThrowsAsync<LicensingException>(() => Silo.Login("s2", "cad", ("draw", 2)))).Code);
        Assert.Equal(ErrorCodes.SeatsExhausted, (await Assert.ThrowsAsync<LicensingException>(() => Silo.Borrow("b1", "cad", 24, ("draw", 2)))).Code);
        Assert.Equal(ErrorCodes.SeatsExhausted, (await Assert.ThrowsAsync<LicensingException>(() => Agent("plant-c").Set("cad", AgentMode.Increase, 2, CancellationToken.None))).Code);

        // Setting the same total again (a retried link call) delegates nothing more; a rise past the free seats is refused.
        await Agent().Set("cad", AgentMode.Increase, 3, CancellationToken.None);
        Assert.Equal(1, await Silo.Free("L1", "draw"));
        Assert.Equal(ErrorCodes.SeatsExhausted, (await Assert.ThrowsAsync<LicensingException>(() => Agent().Set("cad", AgentMode.Increase, 5, CancellationToken.None))).Code);
        Assert.Equal(3, (await Silo.Grains.GetGrain<IFeatureGrain>(FeatureKey.Of("L1", "draw")).ListDelegations())["plant-b"]);

        var released = await Agent().Set("cad", AgentMode.Increase, 0, CancellationToken.None);
        Assert.Equal(AgentStatus.Released, released.Status);
        Assert.Equal(4, await Silo.Free("L1", "draw"));
    }

    [Fact]
    public async Task Delegated_seats_survive_a_crash_of_the_silo()
    {
        await Silo.ImportWith("L1", "cad", Agentable, ("draw", 5));
        await Agent().Set("cad", AgentMode.Increase, 4, CancellationToken.None);

        await CrashAndRestartAsync();

        Assert.Equal(1, await Silo.Free("L1", "draw"));
        Assert.Equal(AgentStatus.Active, (await Agent().Get())!.Status);
    }

    [Fact]
    public async Task A_license_without_the_agentable_flag_a_wrong_product_and_another_mode_are_refused()
    {
        await Silo.ImportWith("L1", "cad", Borrowable, ("draw", 5));
        Assert.Equal(AgentErrorCodes.NotAgentable, (await Assert.ThrowsAsync<LicensingException>(() => Agent().Set("cad", AgentMode.Increase, 1, CancellationToken.None))).Code);

        await Silo.ImportWith("L1", "cad", Agentable, ("draw", 5));
        Assert.Equal(ErrorCodes.NotFound, (await Assert.ThrowsAsync<LicensingException>(() => Agent().Set("paint", AgentMode.Increase, 1, CancellationToken.None))).Code);
        Assert.Equal(ErrorCodes.NotFound, (await Assert.ThrowsAsync<LicensingException>(() => Agent(feature: "view").Set("cad", AgentMode.Increase, 1, CancellationToken.None))).Code);
        await Agent().Set("cad", AgentMode.Increase, 1, CancellationToken.None);
        Assert.Equal(AgentErrorCodes.ModeConflict, (await Assert.ThrowsAsync<LicensingException>(() => Agent().Set("cad", AgentMode.Share, 1, CancellationToken.None))).Code);
        Assert.Equal(4, await Silo.Free("L1", "draw"));
    }

    [Fact]
    public async Task Share_mode_takes_one_upstream_seat_per_draw_up_to_the_agreed_seats()
    {
        await Silo.ImportWith("L1", "cad", Agentable, ("draw", 4));
        await Agent().Set("cad", AgentMode.Share, 2, CancellationToken.None);
        Assert.Equal(4, await Silo.Free("L1", "draw"));

        await Agent().Draw("d1", 1, CancellationToken.None);
        await Agent().Draw("d2", 1, CancellationToken.None);
        Assert.Equal(2, await Silo.Free("L1", "draw"));
        Assert.Equal(2, (await Agent().Get())!.InUse);

        // The agreement's seats bound the draws, and so does the pool.
        Assert.Equal(ErrorCodes.SeatsExhausted, (await Assert.ThrowsAsync<LicensingException>(() => Agent().Draw("d3", 1, CancellationToken.None))).Code);
        await Silo.Login("s1", "cad", ("draw", 2));
        await Agent().Draw("d1", 0, CancellationToken.None);
        Assert.Equal(ErrorCodes.SeatsExhausted, (await Assert.ThrowsAsync<LicensingException>(() => Agent().Draw("d3", 2, CancellationToken.None))).Code);
        Assert.Equal(1, await Silo.Free("L1", "draw"));

        // A shrink keeps every drawn seat counted and bounds new draws; a release gives every drawn seat back.
        await Agent().Set("cad", AgentMode.Share, 1, CancellationToken.None);
        Assert.Equal(ErrorCodes.SeatsExhausted, (await Assert.ThrowsAsync<LicensingException>(() => Agent().Draw("d3", 1, CancellationToken.None))).Code);
        Assert.Equal(1, await Silo.Free("L1", "draw"));
        await Agent().Set("cad", AgentMode.Share, 0, CancellationToken.None);
        Assert.Equal(2, await Silo.Free("L1", "draw"));
        Assert.Equal(ErrorCodes.Conflict, (await Assert.ThrowsAsync<LicensingException>(() => Agent().Draw("d3", 1, CancellationToken.None))).Code);
    }

    [Fact]
    public async Task Without_renewals_the_upstream_takes_the_seats_back_after_the_lease_and_renewals_keep_them()
    {
        await Silo.ImportWith("L1", "cad", Agentable, ("draw", 5));
        await Agent().Set("cad", AgentMode.Increase, 3, CancellationToken.None);
        await Agent("plant-c").Set("cad", AgentMode.Share, 2, CancellationToken.None);
        await Agent("plant-c").Draw("d1", 1, CancellationToken.None);
        Assert.Equal(1, await Silo.Free("L1", "draw"));

        // plant-b renews just inside each lease (default 3600 s); plant-c does not.
        for (var i = 0; i < 3; i++)
        {
            Silo.Clock.Advance(TimeSpan.FromSeconds(1900));
            Assert.Equal(AgentStatus.Active, (await Agent().Renew(CancellationToken.None))!.Status);
        }

        Assert.True(await Eventually(async () => (await Agent("plant-c").Get())!.Status == AgentStatus.Expired));
        Assert.Equal(2, await Silo.Free("L1", "draw"));
        Assert.Equal(AgentStatus.Active, (await Agent().Get())!.Status);

        Silo.Clock.Advance(TimeSpan.FromSeconds(3700));
        Assert.True(await Eventually(async () => (await Agent().Get())!.Status == AgentStatus.Expired));
        Assert.Equal(5, await Silo.Free("L1", "draw"));
        Assert.Equal(AgentStatus.Expired, (await Agent().Renew(CancellationToken.None))!.Status);
    }
}
