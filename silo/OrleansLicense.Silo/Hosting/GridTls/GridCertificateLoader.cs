using Microsoft.Extensions.Options;
using Orleans.Runtime;
using OrleansLicense.Silo.Configuration;

namespace OrleansLicense.Silo.Hosting.GridTls;

/// <summary>
/// Loads the grid certificate when the silo starts: after the schema is in place (the migrator runs at the
/// first stage) and before any silo-to-silo or gateway connection is opened (those listeners start at stage 1999).
/// </summary>
internal sealed partial class GridCertificateLoader(
    GridCertificateHolder holder,
    DataFolder dataFolder,
    IOptions<SiloOptions> siloOptions,
    TimeProvider clock,
    ILogger<GridCertificateLoader> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    /// <summary>Just after the schema migrator (which runs at <see cref="ServiceLifecycleStage.First"/>).</summary>
    public const int Stage = ServiceLifecycleStage.First + 1;

    public void Participate(ISiloLifecycle lifecycle)
        => lifecycle.Subscribe(nameof(GridCertificateLoader), Stage, LoadAsync);

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var fromFiles = GridCertificateSource.FromDataFolder(dataFolder.Root);
        if (fromFiles is not null)
        {
            holder.Certificate = fromFiles;
            LogInformationLoaded(logger, "the data folder", fromFiles.Thumbprint);
            return;
        }

        var connectionString = siloOptions.Value.ConnectionString
            ?? throw new InvalidOperationException("A grid with TLS needs the grid certificate in the data folder or a PostgreSQL connection string.");
        holder.Certificate = await GridCertificateSource.FromDatabaseAsync(connectionString, clock, cancellationToken).ConfigureAwait(false);
        LogInformationLoaded(logger, "the grid's database", holder.Certificate.Thumbprint);
    }

    [LoggerMessage(EventId = 1801, Level = LogLevel.Information, Message = "Grid certificate from {Source} (SHA-256 {Thumbprint}): silo-to-silo connections use mutual TLS; Orleans clients verify the gateway with this fingerprint (LicenseClientOptions.GatewayCertificateSha256)")]
    private static partial void LogInformationLoaded(ILogger logger, string source, string thumbprint);
}
