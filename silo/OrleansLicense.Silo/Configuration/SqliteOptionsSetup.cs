using Microsoft.Extensions.Options;
using OrleansLicense.Storage.Sqlite;

namespace OrleansLicense.Silo.Configuration;

/// <summary>
/// Puts the SQLite file in the data folder unless <c>Sqlite:DataSource</c> says otherwise. The storage creates it
/// (and the files SQLite keeps beside it) readable by the owner alone: it holds the cluster's secrets too.
/// </summary>
internal sealed class SqliteOptionsSetup(DataFolder folder) : IPostConfigureOptions<SqliteStorageOptions>
{
    public void PostConfigure(string? name, SqliteStorageOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.DataSource))
        {
            options.DataSource = folder.DatabasePath;
        }
    }
}
