using Orleans;
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

    /// <summary>
    /// What Orleans' ADO.NET storage does instead of the suite's Clear_without_an_etag_when_a_record_exists_throws,
    /// whatever its SQL: its ClearStateAsync, handed a state with neither ETag nor record, first reads
    /// the state (taking the stored ETag) and then clears with it. A grain never gets there: its state
    /// was read when it activated, so it holds the record's ETag.
    /// </summary>
    [Fact]
    public async Task AdoNet_clear_of_a_state_never_read_reads_the_record_first_and_clears_it()
    {
        await WriteAsync(Sample("a"), null);
        var fresh = new GrainState<ConformanceState>();

        await Store.ClearStateAsync(StateName, Grain, fresh, Ct);

        Assert.False(fresh.RecordExists);
        Assert.NotNull(fresh.ETag);
        var read = await ReadAsync();
        Assert.Equal("", read.State!.Name);
        Assert.Equal(fresh.ETag, read.ETag);
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
