using Orleans.Storage;
using OrleansLicense.Storage.Conformance;

namespace OrleansLicense.Storage.Postgres.Tests;

/// <summary>
/// Orleans' own ADO.NET grain storage, as AddPostgresLicenseStorage registers it, on our schema: our
/// statements meet the contract the grains rely on.
/// </summary>
public sealed class AdoNetGrainStorageConformanceTests(PostgresFixture postgres) : GrainStorageConformance
{
    private TestSchema? _schema;
    private UnstartedSilo? _silo;

    protected override async Task<IGrainStorage> CreateStoreAsync()
    {
        _schema = await postgres.CreateSchemaAsync(Ct);
        _silo = UnstartedSilo.Create(_schema.ConnectionString);
        await _silo.MigrateAsync(Ct);
        return await _silo.StartGrainStorageAsync(Ct);
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
