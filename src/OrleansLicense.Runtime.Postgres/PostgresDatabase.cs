using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace OrleansLicense.Runtime.Postgres;

/// <summary>
/// The database as the five stores share it: one <see cref="NpgsqlDataSource"/> (one connection
/// pool, built once per container) and the schema migrated once, lazily, before the first
/// connection is handed out.
/// </summary>
internal sealed class PostgresDatabase : IAsyncDisposable, IDisposable
{
    private readonly ILogger<PostgresDatabase> _logger;
    private readonly NpgsqlDataSource _dataSource;
    private readonly SemaphoreSlim _migrationLock = new(1, 1);
    private volatile bool _ready;
    private volatile bool _disposed;

    public PostgresDatabase(IOptions<PostgresStorageOptions> options, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggerFactory);

        // Reading Value runs the validator when no host did it at startup.
        var settings = options.Value;
        _logger = loggerFactory.CreateLogger<PostgresDatabase>();
        ClusterId = settings.ClusterId;
        Schema = settings.Schema;
        QuotedSchema = PostgresSchema.Quote(settings.Schema);

        var builder = new NpgsqlDataSourceBuilder(settings.ConnectionString);
        builder.ConnectionStringBuilder.ApplicationName ??= "OrleansLicense";
        builder.UseLoggerFactory(loggerFactory);
        _dataSource = builder.Build();
        PostgresLog.DataSourceCreated(_logger, builder.ConnectionStringBuilder.Host, builder.ConnectionStringBuilder.Database, Schema, ClusterId);
    }

    /// <summary>The cluster whose membership and directory rows this instance works on.</summary>
    public string ClusterId { get; }

    /// <summary>The schema holding the tables, unquoted.</summary>
    public string Schema { get; }

    /// <summary>The schema as an SQL identifier.</summary>
    public string QuotedSchema { get; }

    /// <summary>A table of the schema, qualified, for splicing into SQL text.</summary>
    public string Table(string name) => $"{QuotedSchema}.{name}";

    /// <summary>Opens a pooled connection, after the schema is in place.</summary>
    public async ValueTask<NpgsqlConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_ready)
        {
            await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        }

        return await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs the migrator once; a failed run is retried by the next caller.</summary>
    public async Task EnsureSchemaAsync(CancellationToken cancellationToken)
    {
        await _migrationLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_ready)
            {
                await PostgresSchema.MigrateAsync(_dataSource, Schema, _logger, cancellationToken).ConfigureAwait(false);
                _ready = true;
            }
        }
        finally
        {
            _migrationLock.Release();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        await _dataSource.DisposeAsync().ConfigureAwait(false);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _disposed = true;
        _dataSource.Dispose();
    }
}
