namespace OrleansLicense.Silo.Configuration;

/// <summary>The storage a silo runs on.</summary>
public enum SiloStorage
{
    /// <summary>One silo, an embedded SQLite file in the data folder.</summary>
    Sqlite = 0,

    /// <summary>PostgreSQL: the store of a cluster of silos.</summary>
    Postgres = 1,
}
