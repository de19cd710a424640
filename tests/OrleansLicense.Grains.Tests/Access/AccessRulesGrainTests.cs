using OrleansLicense.Contracts.Errors;
using OrleansLicense.Grains.Access;
using OrleansLicense.Grains.Errors;
using OrleansLicense.Grains.Tests.Support;

namespace OrleansLicense.Grains.Tests.Access;

/// <summary>Issue #15 item 4 (R-SEC-1): the grid's access list is stored once, in order, and survives restarts.</summary>
public sealed class AccessRulesGrainTests : SiloTestBase
{
    private IAccessRulesGrain Rules => Silo.Grains.GetGrain<IAccessRulesGrain>(IAccessRulesGrain.Key);

    [Fact]
    public async Task Rules_keep_their_order_get_stable_ids_and_survive_a_restart()
    {
        var first = await Rules.ReplaceRules(0, [new AccessRule(0, true, "token", "this-computer"), new AccessRule(0, false, "everyone", "any")], CancellationToken.None);
        Assert.Equal([1, 2], first.Rules.Select(r => r.Id));

        // A rule put in front keeps the others' ids.
        var second = await Rules.ReplaceRules(first.Version, [new AccessRule(0, false, "admin:ann", "10.0.0.0/8"), .. first.Rules], CancellationToken.None);
        Assert.Equal([3, 1, 2], second.Rules.Select(r => r.Id));
        await Rules.SetAdmin(new NamedAdmin("ann", new string('A', 64)), CancellationToken.None);

        await RestartAsync();

        var stored = await Rules.Get();
        Assert.Equal([3, 1, 2], stored.Rules.Select(r => r.Id));
        Assert.Equal("admin:ann", stored.Rules[0].Who);
        Assert.False(stored.Rules[0].Allow);
        Assert.Equal("ann", Assert.Single(stored.Admins).Name);
    }

    [Fact]
    public async Task A_change_decided_against_an_old_version_is_a_conflict()
    {
        var current = await Rules.Get();
        await Rules.ReplaceRules(current.Version, [new AccessRule(0, true, "everyone", "any")], CancellationToken.None);

        var stale = await Assert.ThrowsAsync<LicensingException>(() => Rules.ReplaceRules(current.Version, [], CancellationToken.None));

        Assert.Equal(ErrorCodes.Conflict, stale.Code);
        Assert.Single((await Rules.Get()).Rules);
    }

    [Fact]
    public async Task Removing_an_unknown_admin_is_not_found()
    {
        var missing = await Assert.ThrowsAsync<LicensingException>(() => Rules.RemoveAdmin("nobody", CancellationToken.None));

        Assert.Equal(ErrorCodes.NotFound, missing.Code);
    }
}
