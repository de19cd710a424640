namespace OrleansLicense.Runtime.Postgres;

/// <summary>One embedded migration script.</summary>
/// <param name="Version">The schema version the script brings the schema to (its file-name prefix).</param>
/// <param name="Name">The resource file name, such as <c>001_schema.sql</c>.</param>
/// <param name="Script">The SQL, with <see cref="PostgresSchema.Placeholder"/> standing for the schema.</param>
internal sealed record PostgresMigration(long Version, string Name, string Script)
{
    /// <summary>The script with the placeholder replaced by the quoted schema name.</summary>
    public string Render(string schema) => Script.Replace(PostgresSchema.Placeholder, PostgresSchema.Quote(schema), StringComparison.Ordinal);
}
