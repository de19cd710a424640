using OrleansLicense.Contracts.Borrows;
using OrleansLicense.Contracts.Cluster;
using OrleansLicense.Contracts.Sessions;
using OrleansLicense.Contracts.Usage;

namespace OrleansLicense.Client.Transport;

/// <summary>
/// How the client reaches the servers: through the Orleans client (the default, <see cref="OrleansLicenseTransport"/>)
/// or the HTTP gateway API (<see cref="HttpLicenseTransport"/>). Everything above it (sessions, heartbeats, retries,
/// deadlines, events, usage) is shared. Each call goes to one server of <see cref="Targets"/>;
/// a refusal is a <see cref="LicenseServerException"/>, a failure another try might not have a
/// <see cref="TransientGatewayException"/>.
/// </summary>
internal interface ILicenseTransport : IAsyncDisposable
{
    /// <summary>
    /// True when the client itself fails over between <see cref="Failover.ServerDirectory"/>'s servers (HTTP); false
    /// when the transport does (Orleans' client keeps a connection to every gateway and moves by itself).
    /// </summary>
    bool ClientFailsOver { get; }

    /// <summary>What one round of a call walks: the servers in order (HTTP), or the one cluster (Orleans).</summary>
    IReadOnlyList<Uri> Targets(IReadOnlyList<Uri> servers);

    /// <summary>The server that answered the last call made to <paramref name="server"/>: itself over HTTP, the gateway
    /// silo over Orleans (when known).</summary>
    Uri AnsweredBy(Uri server);

    /// <summary>Called with the session's kick notice when the server pushes one (Orleans' observer); HTTP pushes none.</summary>
    void WatchKicks(string sessionId, Action<string, string> kicked);

    Task<LoginResponse> LoginAsync(Uri server, LoginRequest request, TimeSpan timeout, CancellationToken cancellationToken);

    /// <summary>A heartbeat; a kicked session is a <see cref="LicenseServerException"/> with status 410 on either transport.</summary>
    Task<HeartbeatResponse> HeartbeatAsync(Uri server, string sessionId, CancellationToken cancellationToken);

    Task<CheckOutResponse> CheckOutAsync(Uri server, string sessionId, CheckOutRequest request, CancellationToken cancellationToken);

    Task CheckInAsync(Uri server, string sessionId, string feature, CancellationToken cancellationToken);

    Task LogoutAsync(Uri server, string sessionId, CancellationToken cancellationToken);

    Task<BorrowResponse> BorrowAsync(Uri server, BorrowRequest request, CancellationToken cancellationToken);

    Task ReturnBorrowAsync(Uri server, string borrowId, CancellationToken cancellationToken);

    Task<ServerKeyView> GetServerKeyAsync(Uri server, CancellationToken cancellationToken);

    Task<UsageUploadResponse> UploadUsageAsync(Uri server, UsageUploadRequest request, CancellationToken cancellationToken);

    /// <summary>The cluster's gateways without retries; null when the server does not answer.</summary>
    Task<GatewaysResponse?> TryGetGatewaysAsync(Uri server, CancellationToken cancellationToken);
}
