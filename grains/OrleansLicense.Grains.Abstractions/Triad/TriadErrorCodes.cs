using OrleansLicense.Contracts.Errors;

namespace OrleansLicense.Grains.Triad;

/// <summary>The stable error codes of triad administration (R-TRI-3, R-REL-1), as the grains name them (API.md's table, <see cref="ErrorCodes"/>).</summary>
public static class TriadErrorCodes
{
    /// <summary>409: a silo named is already in a triad or a backup relationship (R-REL-1), or a triad exists already.</summary>
    public const string AlreadyInRelationship = ErrorCodes.AlreadyInRelationship;

    /// <summary>409: there is no triad to view, change or dissolve.</summary>
    public const string NotInRelationship = ErrorCodes.NotInRelationship;

    /// <summary>422: creating a triad needs at least one enterprise license (R-REL-1).</summary>
    public const string EnterpriseRequired = ErrorCodes.EnterpriseRequired;

    /// <summary>409: a triad is a grid: a lone silo on SQLite cannot form one.</summary>
    public const string GridRequired = ErrorCodes.GridRequired;

    /// <summary>422: a silo named is not an active member of this grid.</summary>
    public const string SiloUnknown = ErrorCodes.TriadSiloUnknown;

    /// <summary>400: the three silos are not three different ones, or the roles are not one each.</summary>
    public const string RolesInvalid = ErrorCodes.TriadRolesInvalid;

    /// <summary>409: the node to replace is still active; only a dead node is replaced.</summary>
    public const string NodeAlive = ErrorCodes.TriadNodeAlive;

    /// <summary>502: the target of a move cannot be reached, refuses the token, or is this grid; nothing was changed.</summary>
    public const string MoveTargetUnreachable = ErrorCodes.TriadMoveTargetUnreachable;

    /// <summary>502: the target refused some licenses of a move; they stay active here.</summary>
    public const string MoveIncomplete = ErrorCodes.TriadMoveIncomplete;
}
