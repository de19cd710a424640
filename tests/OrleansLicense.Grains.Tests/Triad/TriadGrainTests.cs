using OrleansLicense.Grains.Errors;
using OrleansLicense.Grains.Tests.Support;
using OrleansLicense.Grains.Triad;

namespace OrleansLicense.Grains.Tests.Triad;

/// <summary>The triad grain (R-TRI-1, R-TRI-3): the roles stored in the grid, their changes and their refusals.</summary>
public sealed class TriadGrainTests : SiloTestBase
{
    private static readonly TriadMember[] Three =
    [
        new("10.0.0.1:11111", "a", "http://10.0.0.1:8273", TriadRole.Primary),
        new("10.0.0.2:11111", "b", "http://10.0.0.2:8273", TriadRole.Secondary),
        new("10.0.0.3:11111", "c", "http://10.0.0.3:8273", TriadRole.Tertiary),
    ];

    private ITriadGrain Triad => Silo.Grains.GetGrain<ITriadGrain>(ITriadGrain.Key);

    [Fact]
    public async Task A_created_triad_is_kept_across_a_restart()
    {
        Assert.Null(await Triad.Get());

        var created = await Triad.Create("triad-1", "plant", Three);
        await RestartAsync();

        var read = await Triad.Get();
        Assert.NotNull(read);
        Assert.Equal("triad-1", read.Id);
        Assert.Equal("plant", read.Name);
        Assert.Equal(Three, read.Members);
        Assert.Equal(created.Version, read.Version);
    }

    [Fact]
    public async Task A_second_triad_is_refused_with_already_in_relationship()
    {
        await Triad.Create("triad-1", "plant", Three);

        var refused = await Assert.ThrowsAsync<LicensingException>(() => Triad.Create("triad-2", "other", Three));
        Assert.Equal(TriadErrorCodes.AlreadyInRelationship, refused.Code);
    }

    [Fact]
    public async Task Members_must_be_three_different_silos_with_one_role_each()
    {
        var twoPrimaries = Three.Select(m => m with { Role = TriadRole.Primary }).ToList();
        var sameSilo = Three.Select(m => m with { Address = "10.0.0.1:11111" }).ToList();

        Assert.Equal(TriadErrorCodes.RolesInvalid, (await Assert.ThrowsAsync<LicensingException>(() => Triad.Create("t", "n", twoPrimaries))).Code);
        Assert.Equal(TriadErrorCodes.RolesInvalid, (await Assert.ThrowsAsync<LicensingException>(() => Triad.Create("t", "n", sameSilo))).Code);
        Assert.Equal(TriadErrorCodes.RolesInvalid, (await Assert.ThrowsAsync<LicensingException>(() => Triad.Create("t", "n", Three[..2]))).Code);
        Assert.Null(await Triad.Get());
    }

    [Fact]
    public async Task Roles_change_as_a_permutation_and_the_version_grows()
    {
        var created = await Triad.Create("triad-1", "plant", Three);

        var changed = await Triad.ChangeRoles(new Dictionary<string, TriadRole>
        {
            ["10.0.0.1:11111"] = TriadRole.Secondary,
            ["10.0.0.2:11111"] = TriadRole.Primary,
        });

        Assert.Equal("10.0.0.2:11111", changed.MemberIn(TriadRole.Primary).Address);
        Assert.Equal("10.0.0.1:11111", changed.MemberIn(TriadRole.Secondary).Address);
        Assert.True(changed.Version > created.Version);

        var invalid = await Assert.ThrowsAsync<LicensingException>(() => Triad.ChangeRoles(new Dictionary<string, TriadRole> { ["10.0.0.3:11111"] = TriadRole.Primary }));
        Assert.Equal(TriadErrorCodes.RolesInvalid, invalid.Code);
        var unknown = await Assert.ThrowsAsync<LicensingException>(() => Triad.ChangeRoles(new Dictionary<string, TriadRole> { ["10.9.9.9:1"] = TriadRole.Primary }));
        Assert.Equal(TriadErrorCodes.SiloUnknown, unknown.Code);
    }

    [Fact]
    public async Task A_replaced_node_takes_the_role_and_the_triad_keeps_its_id()
    {
        await Triad.Create("triad-1", "plant", Three);

        var replaced = await Triad.Replace("10.0.0.2:11111", new TriadMember("10.0.0.4:11111", "d", null, TriadRole.Tertiary));

        Assert.Equal("triad-1", replaced.Id);
        Assert.Equal("10.0.0.4:11111", replaced.MemberIn(TriadRole.Secondary).Address);
        Assert.Null(replaced.MemberAt("10.0.0.2:11111"));
        var member = await Assert.ThrowsAsync<LicensingException>(() => Triad.Replace("10.0.0.1:11111", Three[2]));
        Assert.Equal(TriadErrorCodes.AlreadyInRelationship, member.Code);
    }

    [Fact]
    public async Task Dissolving_removes_the_triad_and_a_missing_one_is_not_in_relationship()
    {
        var none = await Assert.ThrowsAsync<LicensingException>(() => Triad.Dissolve());
        Assert.Equal(TriadErrorCodes.NotInRelationship, none.Code);

        await Triad.Create("triad-1", "plant", Three);
        var dissolved = await Triad.Dissolve();

        Assert.Equal("triad-1", dissolved.Id);
        Assert.Null(await Triad.Get());
    }

    [Fact]
    public async Task The_active_silo_report_counts_failovers()
    {
        await Triad.Create("triad-1", "plant", Three);

        await Triad.ReportActive("10.0.0.1:11111", DateTimeOffset.UnixEpoch);
        await Triad.ReportActive("10.0.0.1:11111", DateTimeOffset.UnixEpoch.AddSeconds(1));
        await Triad.ReportActive("10.0.0.2:11111", DateTimeOffset.UnixEpoch.AddSeconds(2));

        var active = await Triad.GetActive();
        Assert.NotNull(active);
        Assert.Equal("10.0.0.2:11111", active.Address);
        Assert.Equal(1, active.Failovers);
    }
}
