namespace OrleansLicense.Contracts.Admin;

/// <summary><c>GET/PUT /api/v1/admin/settings</c>.</summary>
/// <param name="ClientTimeoutSeconds">The kick-out time, 60 to 172800.</param>
/// <param name="Maintenance">True in maintenance mode.</param>
/// <param name="BorrowRules">Per-product borrow rules.</param>
public sealed record SettingsView(int ClientTimeoutSeconds, bool Maintenance, IReadOnlyDictionary<string, BorrowRuleView> BorrowRules);

/// <summary>A product's borrow rule.</summary>
/// <param name="MaxHours">The longest borrow, hours (up to 4320).</param>
public sealed record BorrowRuleView(int MaxHours);

/// <summary><c>PUT /api/v1/admin/maintenance</c>.</summary>
/// <param name="Mode"><c>maintenance</c> or <c>normal</c>.</param>
public sealed record MaintenanceRequest(string Mode);
