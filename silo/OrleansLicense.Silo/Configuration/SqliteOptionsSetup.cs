using Microsoft.Extensions.Options;
using OrleansLicense.Grains.Hosting;
using OrleansLicense.Runtime.Sqlite;

namespace OrleansLicense.Silo.Configuration;

/// <summary>Puts the SQLite file in the data folder (unless <c>Sqlite:DataSource</c> says otherwise) under the licensing cluster id.</summary>
internal sealed class SqliteOptionsSetup(DataFolder folder, IOptions<LicensingOptions> licensing) : IConfigureOptions<SqliteStorageOptions>
{
    public void Configure(SqliteStorageOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.DataSource))
        {
            options.DataSource = folder.DatabasePath;
        }

        options.ClusterId = licensing.Value.ClusterId;
    }
}
