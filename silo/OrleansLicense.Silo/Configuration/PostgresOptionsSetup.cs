using Microsoft.Extensions.Options;
using OrleansLicense.Storage.Postgres;

namespace OrleansLicense.Silo.Configuration;

/// <summary>Points the PostgreSQL storage at <c>Silo:ConnectionString</c> (<c>--connection</c>).</summary>
internal sealed class PostgresOptionsSetup(IOptions<SiloOptions> silo) : IConfigureOptions<PostgresStorageOptions>
{
    public void Configure(PostgresStorageOptions options) => options.ConnectionString = silo.Value.ConnectionString ?? "";
}
