using Microsoft.Extensions.Options;
using OrleansLicense.Storage.Sqlite;

namespace OrleansLicense.Silo.Configuration;

/// <summary>
/// Puts the SQLite file in the data folder unless <c>Sqlite:DataSource</c> says otherwise, and makes it (and the
/// files SQLite keeps beside it) readable by the owner alone before SQLite opens it: it holds the admin token and
/// the server's signing key among the cluster's secrets.
/// </summary>
internal sealed class SqliteOptionsSetup(DataFolder folder) : IPostConfigureOptions<SqliteStorageOptions>
{
    public void PostConfigure(string? name, SqliteStorageOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.DataSource))
        {
            options.DataSource = folder.DatabasePath;
        }

        if (!options.DataSource.StartsWith(':') && !options.DataSource.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            DataFolder.ProtectDatabase(Path.GetFullPath(options.DataSource));
        }
    }
}
