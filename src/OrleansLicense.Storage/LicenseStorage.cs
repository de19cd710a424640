namespace OrleansLicense.Storage;

/// <summary>The names under which the storage providers register what the grains use.</summary>
public static class LicenseStorage
{
    /// <summary>
    /// The Orleans grain storage (<c>IGrainStorage</c>) every <c>[PersistentState]</c> of the license grains
    /// names: on one silo our group-committing SQLite storage, in a grid Orleans' ADO.NET storage on PostgreSQL.
    /// </summary>
    public const string StateStorageName = "license-state";
}
