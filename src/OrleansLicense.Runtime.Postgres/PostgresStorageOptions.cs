namespace OrleansLicense.Runtime.Postgres;

/// <summary>Settings of the PostgreSQL storage providers.</summary>
public sealed class PostgresStorageOptions
{
    /// <summary>
    /// The Npgsql connection string. Required. Several hosts may be listed for failover
    /// (<c>Host=pg1,pg2;Target Session Attributes=read-write</c>); the providers write, so a
    /// multi-host string must then target <c>read-write</c> or <c>primary</c> sessions.
    /// </summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>The cluster whose membership and grain directory rows this silo reads and writes.</summary>
    public string ClusterId { get; set; } = "default";

    /// <summary>
    /// The schema holding the tables, created with them on first use when missing. A plain
    /// lower-case identifier (letters, digits, underscores; at most 63 characters).
    /// </summary>
    public string Schema { get; set; } = "olic";
}
