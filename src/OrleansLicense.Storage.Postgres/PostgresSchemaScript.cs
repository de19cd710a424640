namespace OrleansLicense.Storage.Postgres;

/// <summary>
/// The schema script (deploy/sql/postgres-schema.sql, embedded as it is) and the facts about it the
/// migrator relies on.
/// </summary>
internal static class PostgresSchemaScript
{
    private const string ResourceName = "OrleansLicense.Storage.Postgres.postgres-schema.sql";

    /// <summary>
    /// Takes the advisory lock the script itself takes first: held to the end of the transaction, so
    /// appliers (silos starting at once, an operator's psql) run one after another per database and schema.
    /// </summary>
    public const string LockSql = "SELECT pg_advisory_xact_lock(hashtext('OrleansLicense schema'), hashtext(current_schema()));";

    /// <summary>
    /// Whether table <c>@table</c> exists in the schema the script creates its tables in. Read from the
    /// catalog table itself, not through to_regclass: that one consults the backend's catalog cache
    /// without taking a lock, and inside a transaction that began before another applier committed it
    /// still reports the table missing (seen here: the second of two silos re-applied the script).
    /// </summary>
    public const string TableExistsSql = "SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_tables WHERE schemaname = current_schema() AND tablename = @table);";

    /// <summary>The newest schema version recorded (only once <c>olic_schema_version</c> exists).</summary>
    public const string ReadVersionSql = "SELECT COALESCE(max(version), 0) FROM olic_schema_version;";

    /// <summary>The keys of Orleans' named queries (only once <c>orleansquery</c> exists).</summary>
    public const string ReadQueryKeysSql = "SELECT querykey FROM orleansquery;";

    /// <summary>The script's SQL.</summary>
    public static string Sql { get; } = Load();

    private static string Load()
    {
        using var stream = typeof(PostgresSchemaScript).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded schema script {ResourceName} is missing from the assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
