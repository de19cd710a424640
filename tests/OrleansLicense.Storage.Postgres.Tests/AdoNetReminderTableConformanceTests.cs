using Orleans;
using OrleansLicense.Storage.Conformance;

namespace OrleansLicense.Storage.Postgres.Tests;

/// <summary>
/// Orleans' own ADO.NET reminder table, as AddPostgresLicenseStorage registers it, on our schema: our
/// statements meet the contract, ring ranges across the signed boundary included.
/// </summary>
public sealed class AdoNetReminderTableConformanceTests(PostgresFixture postgres) : ReminderTableConformance
{
    private TestSchema? _schema;
    private UnstartedSilo? _silo;

    protected override async Task<IReminderTable> CreateStoreAsync()
    {
        _schema = await postgres.CreateSchemaAsync(Ct);
        _silo = UnstartedSilo.Create(_schema.ConnectionString);
        await _silo.MigrateAsync(Ct);
        return await _silo.StartReminderTableAsync(Ct);
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
