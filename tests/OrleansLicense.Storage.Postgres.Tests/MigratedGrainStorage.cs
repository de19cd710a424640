using Orleans.Storage;
using OrleansLicense.Testing;

namespace OrleansLicense.Storage.Postgres.Tests;

/// <summary>
/// A test class's own schema, migrated, with the grain storage of an unstarted silo on it: what the grain storage
/// tests that look beyond the shared contract start from.
/// </summary>
public abstract class MigratedGrainStorage(PostgresFixture postgres) : IAsyncLifetime
{
    private TestSchema? _schema;
    private UnstartedSilo? _silo;
    private IGrainStorage? _storage;

    /// <summary>The test's cancellation token.</summary>
    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The grain storage, started.</summary>
    protected IGrainStorage Storage => _storage ?? throw new InvalidOperationException("Not initialized.");

    /// <summary>The silo whose services built the storage.</summary>
    protected UnstartedSilo Silo => _silo ?? throw new InvalidOperationException("Not initialized.");

    /// <summary>The connection string of the test's schema.</summary>
    protected string ConnectionString => _schema?.ConnectionString ?? throw new InvalidOperationException("Not initialized.");

    /// <inheritdoc />
    public async ValueTask InitializeAsync()
    {
        _schema = await postgres.CreateSchemaAsync(Ct);
        _silo = UnstartedSilo.Create(_schema.ConnectionString);
        await _silo.MigrateAsync(Ct);
        _storage = await _silo.StartGrainStorageAsync(Ct);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_silo is not null)
        {
            await _silo.DisposeAsync();
        }

        if (_schema is not null)
        {
            await _schema.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }
}
