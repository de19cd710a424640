using Orleans;
using Orleans.Runtime;

namespace OrleansLicense.Storage.Postgres;

/// <summary>
/// Runs <see cref="PostgresSchemaMigrator.MigrateAsync(CancellationToken)"/> in the silo's first
/// lifecycle stage (<see cref="ServiceLifecycleStage.First"/>). Orleans' providers read table
/// OrleansQuery much later: membership at RuntimeGrainServices (8000), grain storage at
/// ApplicationServices (10000), reminders after that; and the silo and gateway listeners open at 1999.
/// So a silo on an empty database finds its schema in place, and one whose database lacks a named
/// query stops with the migrator's sentence before it opens a port or joins the cluster.
/// </summary>
internal sealed class PostgresSchemaStartup(PostgresSchemaMigrator migrator) : ILifecycleParticipant<ISiloLifecycle>
{
    /// <inheritdoc />
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(PostgresSchemaStartup), ServiceLifecycleStage.First, migrator.MigrateAsync);
}
