using System.Text.Json;
using OrleansLicense.Contracts.Admin;

namespace OrleansLicense.Silo.Triad;

/// <summary><c>GET /api/v1/admin/triad</c> (R-TRI-3): the triad as the answering silo sees it.</summary>
/// <param name="Id">The triad id licenses are bound to (<c>--bind triad:ID</c>).</param>
/// <param name="Name">Its name.</param>
/// <param name="Active">The name of the active server, or null when none serves.</param>
/// <param name="Quorum">True when the answering silo sees a quorum.</param>
/// <param name="AnsweredBy">The address of the answering silo.</param>
/// <param name="Servers">The three servers.</param>
/// <param name="Licenses">Licenses the triad holds (the same on all three), or null when they cannot be counted (no quorum).</param>
/// <param name="ActiveSince">Since when the last reported active server is active.</param>
/// <param name="Failovers">How many times the active server changed.</param>
/// <param name="CreatedAt">When the triad was created.</param>
public sealed record TriadView(
    string Id,
    string Name,
    string? Active,
    bool Quorum,
    string AnsweredBy,
    IReadOnlyList<TriadServerView> Servers,
    int? Licenses,
    DateTimeOffset? ActiveSince,
    int Failovers,
    DateTimeOffset CreatedAt);

/// <summary>One server of a triad.</summary>
/// <param name="Silo">Its name.</param>
/// <param name="Role"><c>primary</c>, <c>secondary</c> or <c>tertiary</c>.</param>
/// <param name="Status">Its membership status as the answering silo sees it: <c>active</c>, <c>dead</c>, <c>joining</c>, … or <c>absent</c>.</param>
/// <param name="IsActive">True for the server that serves.</param>
/// <param name="Addresses">Its silo-to-silo address (<c>host:port</c>, its identity in the triad) and its HTTP URL.</param>
/// <param name="SiloPort">Its silo-to-silo port.</param>
/// <param name="HttpPort">Its HTTP port, when its URL is known.</param>
/// <param name="Licenses">Licenses it holds (those of the triad).</param>
public sealed record TriadServerView(string Silo, string Role, string Status, bool IsActive, IReadOnlyList<string> Addresses, int SiloPort, int? HttpPort, int? Licenses);

/// <summary><c>POST /api/v1/admin/triad</c>.</summary>
/// <param name="Name">The triad's name.</param>
/// <param name="Id">Its id (the binding identity); default: the name.</param>
/// <param name="Primary">The primary: a silo's name, address (<c>host:port</c>) or HTTP URL as <c>olic status</c> lists them.</param>
/// <param name="Secondary">The secondary, likewise.</param>
/// <param name="Tertiary">The tertiary, likewise.</param>
/// <param name="Licenses">The signed license documents issued for the triad (<c>--bind triad:ID</c>); at least one enterprise license.</param>
public sealed record CreateTriadRequest(string? Name, string? Id, string? Primary, string? Secondary, string? Tertiary, IReadOnlyList<JsonElement>? Licenses);

/// <summary><c>PUT /api/v1/admin/triad/roles</c>: which member takes which role.</summary>
public sealed record TriadRolesRequest(string? Primary, string? Secondary, string? Tertiary);

/// <summary><c>POST /api/v1/admin/triad/replace</c>: the dead member and the silo that takes its place.</summary>
/// <param name="Node">The member to replace (name or address).</param>
/// <param name="With">The new silo (name, address or URL), Active in this grid and in no triad.</param>
public sealed record ReplaceTriadNodeRequest(string? Node, string? With);

/// <summary>The answer of <c>DELETE /api/v1/admin/triad</c>.</summary>
/// <param name="Dissolved">The triad's id.</param>
/// <param name="Name">Its name.</param>
/// <param name="Licenses"><c>keep</c>, <c>move</c> or <c>deactivate</c>.</param>
/// <param name="Affected">The licenses deactivated here (deactivate), or imported on the target and then deactivated here (move).</param>
/// <param name="MovedTo">The server the licenses were moved to (move).</param>
public sealed record DissolveTriadResult(string Dissolved, string Name, string Licenses, IReadOnlyList<string> Affected, string? MovedTo = null);

/// <summary>The body of <c>DELETE /api/v1/admin/triad</c>, optional: where <c>licenses=move</c> moves them.</summary>
/// <param name="To">The target server's URL (its admin API answers there).</param>
/// <param name="ToToken">The target server's admin token.</param>
public sealed record DissolveTriadRequest(string? To, string? ToToken);

/// <summary>A license the move's target refused: it stays active here.</summary>
/// <param name="License">The license id.</param>
/// <param name="Status">The target's HTTP status, or null when it did not answer.</param>
/// <param name="Code">The target's error code.</param>
/// <param name="Detail">The target's explanation.</param>
public sealed record MoveFailure(string License, int? Status, string Code, string Detail);

/// <summary>A <c>triad_move_incomplete</c> problem: the triad is dissolved, the licenses moved, and those the target refused (still active here).</summary>
public sealed record MoveIncompleteProblem(string Type, string Title, int Status, string Detail, string Code, string Dissolved, IReadOnlyList<string> Moved, IReadOnlyList<MoveFailure> Failed);

/// <summary>A <c>no_quorum</c> problem: the usual problem details and the other servers with their status.</summary>
public sealed record NoQuorumProblem(string Type, string Title, int Status, string Detail, string Code, IReadOnlyList<TriadServerView> Servers);

/// <summary>The created triad and the licenses imported with it.</summary>
public sealed record CreatedTriad(TriadView Triad, IReadOnlyList<LicenseView> Licenses);
