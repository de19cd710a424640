using Microsoft.Extensions.DependencyInjection;
using OrleansLicense.Storage.Conformance;
using OrleansLicense.Storage.EventLogs;

namespace OrleansLicense.Storage.Postgres.Tests;

/// <summary>The seat pools' event log on PostgreSQL, as AddPostgresLicenseStorage registers it.</summary>
public sealed class PostgresEventLogStoreConformanceTests(PostgresFixture postgres) : EventLogStoreConformance
{
    private TestSchema? _schema;
    private UnstartedSilo? _silo;

    protected override async Task<IEventLogStore> CreateStoreAsync()
    {
        _schema = await postgres.CreateSchemaAsync(Ct);
        _silo = UnstartedSilo.Create(_schema.ConnectionString);
        await _silo.MigrateAsync(Ct);
        return _silo.Services.GetRequiredService<IEventLogStore>();
    }

    public override async ValueTask DisposeAsync()
    {
        if (_silo is not null)
        {
            await _silo.DisposeAsync();
        }

        if (_schema is not null)
        {
            await _schema.DisposeAsync();
        }

        await base.DisposeAsync();
    }
}
