using Orleans.Concurrency;

namespace OrleansLicense.Grains.Access;

/// <summary>One admin access rule (R-SEC-1, the seed's "server access" table).</summary>
/// <param name="Id">The rule's number, stable while it exists (0 for a rule not stored yet).</param>
/// <param name="Allow">True: allow; false: deny.</param>
/// <param name="Who"><c>everyone</c>, <c>token</c> (holders of the grid's admin token) or <c>admin:NAME</c> (a named admin).</param>
/// <param name="Where"><c>any</c>, <c>this-computer</c>, an address, a CIDR block or a host name.</param>
[GenerateSerializer, Immutable]
public sealed record AccessRule(int Id, bool Allow, string Who, string Where);

/// <summary>An administrator with a token of their own, so that the logs say who did what.</summary>
/// <param name="Name">The admin's name.</param>
/// <param name="TokenHash">SHA-256 of the token, hex; the token itself is shown once and never stored.</param>
[GenerateSerializer, Immutable]
public sealed record NamedAdmin(string Name, string TokenHash);

/// <summary>The grid's access rules, in order (the first match decides), and its named admins.</summary>
/// <param name="Version">Grows with every change: a change names the version it was decided against.</param>
/// <param name="Rules">The rules in order.</param>
/// <param name="Admins">The named admins.</param>
[GenerateSerializer, Immutable]
public sealed record AccessList(long Version, IReadOnlyList<AccessRule> Rules, IReadOnlyList<NamedAdmin> Admins);
