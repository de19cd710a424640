namespace OrleansLicense.Grains.Triad;

/// <summary>
/// The grid's triad (R-TRI-1..3), one per grid, stored in the grid's storage: its id, name and the three members with
/// their roles. Every silo reads it (about once a second) to decide whether it serves and which silo is active.
/// </summary>
[Alias("olic.triad")]
public interface ITriadGrain : IGrainWithStringKey
{
    /// <summary>The one key.</summary>
    public const string Key = "triad";

    /// <summary>The triad, or null when there is none.</summary>
    [Alias("get")]
    Task<TriadConfig?> Get();

    /// <summary>Stores a new triad; refused with <c>already_in_relationship</c> when one exists.</summary>
    [Alias("create")]
    Task<TriadConfig> Create(string id, string name, IReadOnlyList<TriadMember> members);

    /// <summary>Gives the members new roles: <paramref name="roles"/> maps each member's address to its role.</summary>
    [Alias("roles")]
    Task<TriadConfig> ChangeRoles(IReadOnlyDictionary<string, TriadRole> roles);

    /// <summary>Puts <paramref name="replacement"/> in the place (and role) of the member at <paramref name="address"/>; the id stays.</summary>
    [Alias("replace")]
    Task<TriadConfig> Replace(string address, TriadMember replacement);

    /// <summary>Removes the triad; returns what it was.</summary>
    [Alias("dissolve")]
    Task<TriadConfig> Dissolve();

    /// <summary>The active silo says it is active (it tells the others, R-TRI-2); kept for the view.</summary>
    [Alias("report-active")]
    Task ReportActive(string address, DateTimeOffset since);

    /// <summary>The last silo that reported itself active and since when, or null.</summary>
    [Alias("active")]
    Task<TriadActiveReport?> GetActive();
}

/// <summary>The last active silo a triad heard of.</summary>
/// <param name="Address">Its address (<c>host:port</c>).</param>
/// <param name="Since">Since when it is active.</param>
/// <param name="Failovers">How many times the active silo changed since the triad was created.</param>
[GenerateSerializer]
[Alias("olic.triad.active")]
public sealed record TriadActiveReport(
    [property: Id(0)] string Address,
    [property: Id(1)] DateTimeOffset Since,
    [property: Id(2)] int Failovers);
