namespace OrleansLicense.Contracts.Admin;

/// <summary>One admin access rule (R-SEC-1).</summary>
/// <param name="Id">The rule's number (<c>olic access remove ID</c>).</param>
/// <param name="Effect"><c>allow</c> or <c>deny</c>.</param>
/// <param name="Who"><c>everyone</c>, <c>token</c> (holders of the grid's admin token) or <c>admin:NAME</c>.</param>
/// <param name="Where"><c>any</c>, <c>this-computer</c>, an IP address, a CIDR block (<c>10.0.0.0/8</c>) or a host name.</param>
public sealed record AccessRuleView(int Id, string Effect, string Who, string Where);

/// <summary>The grid's access rules in order (the first match decides; no match allows) and its named admins.</summary>
public sealed record AccessListView(IReadOnlyList<AccessRuleView> Rules, IReadOnlyList<string> Admins);

/// <summary>A new rule (<c>POST /api/v1/admin/access/rules</c>).</summary>
/// <param name="Effect"><c>allow</c> or <c>deny</c>.</param>
/// <param name="Who">See <see cref="AccessRuleView.Who"/>.</param>
/// <param name="Where">See <see cref="AccessRuleView.Where"/>.</param>
/// <param name="Position">1-based place in the list; null appends.</param>
/// <param name="Force">Make the change even if it would deny the caller's own calls.</param>
public sealed record AccessRuleRequest(string Effect, string Who, string Where, int? Position = null, bool Force = false);

/// <summary>A new named admin (<c>POST /api/v1/admin/access/admins</c>).</summary>
public sealed record NamedAdminRequest(string Name);

/// <summary>A named admin's token, shown once.</summary>
public sealed record NamedAdminCreated(string Name, string Token);
