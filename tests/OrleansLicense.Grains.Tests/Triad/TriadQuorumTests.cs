using OrleansLicense.Grains.Triad;

namespace OrleansLicense.Grains.Tests.Triad;

/// <summary>
/// The quorum and active-silo rule (R-TRI-1, R-TRI-2), for every role of the deciding silo and every combination of
/// what it sees: the seed's paragraphs, each as properties that must hold in every case, and its named situations.
/// </summary>
public sealed class TriadQuorumTests
{
    private static readonly TriadRole?[] Selves = [null, TriadRole.Primary, TriadRole.Secondary, TriadRole.Tertiary];

    public static IEnumerable<TheoryDataRow<TriadRole?, bool, bool, bool, bool>> EveryCase()
    {
        foreach (var self in Selves)
        {
            for (var bits = 0; bits < 16; bits++)
            {
                yield return new(self, (bits & 1) != 0, (bits & 2) != 0, (bits & 4) != 0, (bits & 8) != 0);
            }
        }
    }

    [Theory]
    [MemberData(nameof(EveryCase))]
    public void R_TRI_1_a_silo_has_quorum_exactly_when_it_and_one_other_member_are_active(TriadRole? self, bool primary, bool secondary, bool tertiary, bool confirms)
    {
        var decision = TriadQuorum.Decide(self, primary, secondary, tertiary, confirms);

        var selfActive = self switch
        {
            TriadRole.Primary => primary,
            TriadRole.Secondary => secondary,
            TriadRole.Tertiary => tertiary,
            _ => false,
        };
        var others = new[] { (TriadRole.Primary, primary), (TriadRole.Secondary, secondary), (TriadRole.Tertiary, tertiary) }
            .Count(m => m.Item1 != self && m.Item2);
        Assert.Equal(selfActive && others >= 1, decision.Quorum);
    }

    [Theory]
    [MemberData(nameof(EveryCase))]
    public void R_TRI_2_the_active_member_follows_the_roles(TriadRole? self, bool primary, bool secondary, bool tertiary, bool confirms)
    {
        var decision = TriadQuorum.Decide(self, primary, secondary, tertiary, confirms);

        // The tertiary is never active, and nobody is active without a quorum.
        Assert.NotEqual(TriadRole.Tertiary, decision.Active);
        if (!decision.Quorum)
        {
            Assert.Null(decision.Active);
            return;
        }

        // The primary while it is active; else the secondary, only when the tertiary agrees the primary is gone.
        TriadRole? expected = primary ? TriadRole.Primary : (secondary && tertiary && confirms ? TriadRole.Secondary : null);
        Assert.Equal(expected, decision.Active);
    }

    [Theory]
    [MemberData(nameof(EveryCase))]
    public void Silos_that_both_have_quorum_agree_on_the_active_member(TriadRole? self, bool primary, bool secondary, bool tertiary, bool confirms)
    {
        var mine = TriadQuorum.Decide(self, primary, secondary, tertiary, confirms);
        foreach (var other in Selves)
        {
            var theirs = TriadQuorum.Decide(other, primary, secondary, tertiary, confirms);
            if (mine.Quorum && theirs.Quorum)
            {
                Assert.Equal(mine.Active, theirs.Active);
            }
        }
    }

    [Theory]
    [InlineData(TriadRole.Primary)]
    [InlineData(TriadRole.Secondary)]
    [InlineData(TriadRole.Tertiary)]
    public void A_lone_silo_never_serves_whatever_its_role(TriadRole self)
    {
        var decision = TriadQuorum.Decide(self, self == TriadRole.Primary, self == TriadRole.Secondary, self == TriadRole.Tertiary, true);

        Assert.False(decision.Quorum);
        Assert.Null(decision.Active);
    }

    [Fact]
    public void The_primary_failing_makes_the_secondary_active_once_the_tertiary_confirms()
    {
        Assert.Equal(TriadRole.Primary, TriadQuorum.Decide(TriadRole.Secondary, true, true, true, false).Active);
        Assert.Null(TriadQuorum.Decide(TriadRole.Secondary, false, true, true, false).Active);
        Assert.Equal(TriadRole.Secondary, TriadQuorum.Decide(TriadRole.Secondary, false, true, true, true).Active);
        Assert.Equal(TriadRole.Secondary, TriadQuorum.Decide(TriadRole.Tertiary, false, true, true, true).Active);
    }

    [Fact]
    public void The_primary_with_only_the_tertiary_stays_active()
        => Assert.Equal(TriadRole.Primary, TriadQuorum.Decide(TriadRole.Tertiary, true, false, true, false).Active);

    [Fact]
    public void The_tertiary_and_one_other_down_leaves_nobody_serving()
    {
        // Only the tertiary and the secondary down: the primary is alone.
        Assert.False(TriadQuorum.Decide(TriadRole.Primary, true, false, false, false).Quorum);

        // Only the tertiary and the primary down: the secondary is alone.
        Assert.False(TriadQuorum.Decide(TriadRole.Secondary, false, true, false, true).Quorum);
    }

    [Fact]
    public void A_silo_outside_the_triad_has_no_quorum()
        => Assert.False(TriadQuorum.Decide(null, true, true, true, false).Quorum);
}
