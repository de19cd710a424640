using OrleansLicense.Client.Events;
using OrleansLicense.Client.Failover;

namespace OrleansLicense.Client.Backup;

/// <summary>Where a session would go when it leaves its grid for the other grid of a backup relationship (R-BAK-4).</summary>
/// <param name="Grid">The other grid.</param>
/// <param name="LicenseId">The license to log in on there (the mapped one, or the original one on the way back); null
/// lets that grid pick a license of the product.</param>
/// <param name="Reason">Failover away from the preferred grid, failback towards it.</param>
internal sealed record BackupMove(GridLink Grid, string? LicenseId, ServerChangeReason Reason);
