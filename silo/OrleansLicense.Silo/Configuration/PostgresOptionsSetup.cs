using Microsoft.Extensions.Options;
using OrleansLicense.Runtime.Cluster;
using OrleansLicense.Runtime.Postgres;

namespace OrleansLicense.Silo.Configuration;

/// <summary>Points the PostgreSQL provider at <c>Silo:ConnectionString</c> and the cluster's id.</summary>
internal sealed class PostgresOptionsSetup(IOptions<SiloOptions> silo, IOptions<ClusterOptions> cluster) : IConfigureOptions<PostgresStorageOptions>
{
    public void Configure(PostgresStorageOptions options)
    {
        options.ConnectionString = silo.Value.ConnectionString ?? "";
        options.ClusterId = cluster.Value.ClusterId;
    }
}
