namespace OrleansLicense.Runtime.Membership;

/// <summary>
/// The membership table of one cluster. A single version per cluster is the only
/// compare-and-swap point: every insert and update bumps it in the same transaction.
/// </summary>
public interface IMembershipTable
{
    /// <summary>Creates the cluster's version row if missing (idempotent).</summary>
    Task InitializeAsync(CancellationToken cancellationToken);

    /// <summary>Reads every row and the table version in one consistent read.</summary>
    Task<MembershipTableData> ReadAllAsync(CancellationToken cancellationToken);

    /// <summary>Inserts a new silo row if the table version is <paramref name="expectedVersion"/>; false when the version moved or the silo exists.</summary>
    Task<bool> InsertAsync(MembershipEntry entry, long expectedVersion, CancellationToken cancellationToken);

    /// <summary>Replaces a silo row (status, suspicions, role) if the table version is <paramref name="expectedVersion"/>; false when it moved or the row is missing.</summary>
    Task<bool> UpdateAsync(MembershipEntry entry, long expectedVersion, CancellationToken cancellationToken);

    /// <summary>Writes the liveness time of a silo without touching the version (a dirty write).</summary>
    Task UpdateIAmAliveAsync(SiloAddress silo, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Deletes Dead rows whose IAmAlive is older than <paramref name="olderThan"/>; returns how many.</summary>
    Task<int> CleanupDeadAsync(DateTimeOffset olderThan, CancellationToken cancellationToken);
}
