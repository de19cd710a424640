namespace OrleansLicense.Storage.Postgres;

/// <summary>Settings of the grid storage on PostgreSQL.</summary>
public sealed class PostgresStorageOptions
{
    /// <summary>
    /// The Npgsql connection string of the grid's database. Required. Several hosts may be listed for
    /// failover (<c>Host=pg1,pg2;Target Session Attributes=read-write</c>); the silos write, so a
    /// multi-host string must then target <c>read-write</c> or <c>primary</c> sessions. The tables live
    /// in the first schema of <c>Search Path</c> (<c>public</c> by default).
    /// </summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>
    /// How often each silo deletes the grain states past their forget-after time (#12 storage growth; see
    /// <see cref="OrleansLicense.Storage.Expiry.IExpiringState"/>). Defaults to 5 minutes; between 1 second and 1 day.
    /// A first sweep runs shortly after start.
    /// </summary>
    public TimeSpan ExpiredStateSweepInterval { get; set; } = TimeSpan.FromMinutes(5);
}
