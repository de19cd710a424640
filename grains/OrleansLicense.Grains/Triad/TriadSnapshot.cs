namespace OrleansLicense.Grains.Triad;

/// <summary>What this silo knows of the triad at one moment: the stored triad and its own decision.</summary>
/// <param name="Config">The triad, or null when the grid has none (then nothing is fenced and placement is Orleans' default).</param>
/// <param name="Self">This silo's member entry, or null when it is not one of the three.</param>
/// <param name="Decision">Quorum and active member as this silo sees them.</param>
/// <param name="Statuses">Each member's status in this silo's membership view, by address: <c>active</c>, <c>dead</c>, <c>joining</c>, … or <c>absent</c>.</param>
/// <param name="ActiveSilo">The Orleans address of the active member, or null when none may serve.</param>
/// <param name="At">When it was decided.</param>
public sealed record TriadSnapshot(
    TriadConfig? Config,
    TriadMember? Self,
    TriadDecision Decision,
    IReadOnlyDictionary<string, string> Statuses,
    SiloAddress? ActiveSilo,
    DateTimeOffset At)
{
    /// <summary>The snapshot of a grid without a triad.</summary>
    public static TriadSnapshot None { get; } = new(null, null, new TriadDecision(false, null), new Dictionary<string, string>(), null, DateTimeOffset.MinValue);

    /// <summary>True when the grid is a triad.</summary>
    public bool HasTriad => Config is not null;

    /// <summary>True when this silo is the active member.</summary>
    public bool SelfIsActive => Self is not null && Decision.Active == Self.Role;

    /// <summary>The active member, or null.</summary>
    public TriadMember? ActiveMember => Config is not null && Decision.Active is { } role ? Config.MemberIn(role) : null;

    /// <summary>The other members and their status, as a <c>no_quorum</c> refusal names them.</summary>
    public string DescribeOthers() => Config is null
        ? ""
        : string.Join("; ", Config.Members.Where(m => !ReferenceEquals(m, Self)).Select(m => $"{m.Role.ToString().ToLowerInvariant()} {m.Name} at {m.Address}{(m.GatewayUrl is { } url ? $" ({url})" : "")}: {Statuses.GetValueOrDefault(m.Address, "absent")}"));

    /// <summary>The sentence of a <c>no_quorum</c> refusal: this silo's place and the other servers with their status.</summary>
    public string DescribeRefusal() => Self is null
        ? $"This silo is not a member of the triad '{Config?.Name}'; the members are {DescribeOthers()}."
        : $"This server ({Self.Role.ToString().ToLowerInvariant()} of the triad '{Config?.Name}') cannot see a quorum of two servers and does not serve. The other servers: {DescribeOthers()}.";
}
