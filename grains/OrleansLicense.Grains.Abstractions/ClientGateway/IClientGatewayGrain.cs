using Orleans.Concurrency;
using OrleansLicense.Contracts.Borrows;
using OrleansLicense.Contracts.Cluster;
using OrleansLicense.Contracts.Sessions;
using OrleansLicense.Contracts.Usage;

namespace OrleansLicense.Grains.ClientGateway;

/// <summary>
/// The client API over Orleans (issue #13): the same operations, validation and refusals as the HTTP gateway API
/// (log in, heartbeat, check out, check in, log out, borrow, return, upload usage), for programs that connect with
/// an Orleans client. A stateless worker (key <see cref="Key"/>) on the gateway silo the client reached; it calls the
/// internal grains with the silo call credential, which the client never sees.
/// </summary>
/// <remarks>Refusals are <see cref="ClientCallException"/>s carrying the stable code and the HTTP status of API.md's table.</remarks>
[ClientCallable]
public interface IClientGatewayGrain : IGrainWithIntegerKey
{
    /// <summary>The one key clients use.</summary>
    const long Key = 0;

    /// <summary>Logs in (POST /api/v1/sessions). A queued login waits up to 20 s for seats, so its deadline is longer.</summary>
    [ResponseTimeout("00:00:30")]
    Task<LoginResponse> Login(LoginRequest request);

    /// <summary>
    /// Heartbeats (POST /api/v1/sessions/{id}/heartbeat) and renews <paramref name="observer"/>'s subscription to the
    /// session's kick: a subscription is lost when the session's grain moves, so every heartbeat renews it. A kicked
    /// session is an answer (<see cref="ClientHeartbeat.Kicked"/>), not an exception.
    /// </summary>
    Task<ClientHeartbeat> Heartbeat(string sessionId, IKickObserver? observer);

    /// <summary>
    /// Subscribes <paramref name="observer"/> to the session's kick at once after login, so that a removal before the
    /// first heartbeat is pushed too. It tells only that the session ended, which its holder learns anyway.
    /// </summary>
    Task Watch(string sessionId, IKickObserver observer);

    /// <summary>Takes more seats (POST /api/v1/sessions/{id}/features).</summary>
    Task<CheckOutResponse> CheckOut(string sessionId, CheckOutRequest request);

    /// <summary>Returns one feature's seats (DELETE /api/v1/sessions/{id}/features/{name}).</summary>
    Task CheckIn(string sessionId, string feature);

    /// <summary>Logs out (DELETE /api/v1/sessions/{id}).</summary>
    Task Logout(string sessionId);

    /// <summary>Borrows seats for offline use (POST /api/v1/borrows).</summary>
    Task<BorrowResponse> Borrow(BorrowRequest request);

    /// <summary>Returns a borrow early (DELETE /api/v1/borrows/{id}).</summary>
    Task ReturnBorrow(string borrowId);

    /// <summary>The server's signing key (GET /api/v1/borrows/server-key).</summary>
    [ReadOnly]
    Task<ServerKeyView> GetServerKey();

    /// <summary>Uploads a usage record (POST /api/v1/usage).</summary>
    Task<UsageUploadResponse> UploadUsage(UsageUploadRequest request);

    /// <summary>The cluster's gateways, HTTP and Orleans (GET /api/v1/cluster/gateways).</summary>
    [ReadOnly]
    Task<GatewaysResponse> GetGateways();
}
