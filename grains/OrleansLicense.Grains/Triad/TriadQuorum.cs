namespace OrleansLicense.Grains.Triad;

/// <summary>
/// The triad's rule (R-TRI-1, R-TRI-2) as a pure function of what one silo sees: whether it has a quorum and which member
/// is the active one.
/// </summary>
public static class TriadQuorum
{
    /// <summary>How many of the three members, the deciding silo included, make a quorum.</summary>
    public const int QuorumSize = 2;

    /// <summary>
    /// Decides for the silo in role <paramref name="self"/> (null: not a member of the triad).
    /// </summary>
    /// <param name="self">The deciding silo's role, or null when it is not one of the three.</param>
    /// <param name="primaryActive">The primary is Active in the membership this silo sees.</param>
    /// <param name="secondaryActive">The secondary is Active in the membership this silo sees.</param>
    /// <param name="tertiaryActive">The tertiary is Active in the membership this silo sees.</param>
    /// <param name="tertiaryConfirmsPrimaryGone">The tertiary agrees that the primary is gone.</param>
    /// <remarks>
    /// Quorum: the silo itself is Active and at least <see cref="QuorumSize"/> of the three are. The active member: the
    /// primary when it is Active and there is a quorum; otherwise the secondary, when there is a quorum, the secondary is
    /// Active and the tertiary confirms the primary is gone; otherwise nobody. The tertiary is never active, and a silo
    /// without a quorum names no active member, so it neither serves nor places license grains.
    /// </remarks>
    public static TriadDecision Decide(TriadRole? self, bool primaryActive, bool secondaryActive, bool tertiaryActive, bool tertiaryConfirmsPrimaryGone)
    {
        if (self is not { } role)
        {
            return new TriadDecision(false, null);
        }

        var selfActive = role switch
        {
            TriadRole.Primary => primaryActive,
            TriadRole.Secondary => secondaryActive,
            _ => tertiaryActive,
        };
        var active = (primaryActive ? 1 : 0) + (secondaryActive ? 1 : 0) + (tertiaryActive ? 1 : 0);
        if (!selfActive || active < QuorumSize)
        {
            return new TriadDecision(false, null);
        }

        if (primaryActive)
        {
            return new TriadDecision(true, TriadRole.Primary);
        }

        return secondaryActive && tertiaryActive && tertiaryConfirmsPrimaryGone
            ? new TriadDecision(true, TriadRole.Secondary)
            : new TriadDecision(true, null);
    }
}

/// <summary>What one silo decided about the triad.</summary>
/// <param name="Quorum">It sees a quorum, itself included.</param>
/// <param name="Active">The role of the active member, or null when none may serve.</param>
public sealed record TriadDecision(bool Quorum, TriadRole? Active);
