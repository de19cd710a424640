using OrleansLicense.Client.Transport;

namespace OrleansLicense.Client.Failover;

/// <summary>One grid the client talks to: its servers and the transport that reaches them. A client has the grid of
/// <see cref="LicenseClientOptions.Servers"/> and, in a backup relationship, the partner grid (R-BAK-4).</summary>
/// <param name="isBackup">True for the grid of <see cref="LicenseClientOptions.BackupServers"/> (or learned from a
/// login answer's backup hint).</param>
/// <param name="servers">Its servers in preference order.</param>
/// <param name="transport">How it is reached.</param>
internal sealed class GridLink(bool isBackup, ServerDirectory servers, ILicenseTransport transport)
{
    public bool IsBackup { get; } = isBackup;

    public ServerDirectory Servers { get; } = servers;

    public ILicenseTransport Transport { get; } = transport;

    /// <summary>For the log.</summary>
    public string Name => IsBackup ? "backup servers" : "servers";

    /// <summary>Adds gateways the grid announced when the client itself fails over between them (HTTP); returns the
    /// strings that are not addresses, for the log.</summary>
    public IReadOnlyList<string> Learn(IReadOnlyList<string>? gateways) =>
        Transport.ClientFailsOver ? Servers.Learn(gateways ?? []) : [];
}
