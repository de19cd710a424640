using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using OrleansLicense.Contracts.Borrows;
using OrleansLicense.Contracts.Cluster;
using OrleansLicense.Contracts.Errors;
using OrleansLicense.Contracts.Sessions;
using OrleansLicense.Contracts.Usage;
using OrleansLicense.Grains.ClientGateway;
using OrleansLicense.Grains.Errors;
using OrleansLicense.Grains.Hosting;
using OrleansLicense.Silo.Borrowing;
using OrleansLicense.Silo.Cluster;
using OrleansLicense.Silo.Configuration;
using OrleansLicense.Silo.Endpoints.Borrows;
using OrleansLicense.Silo.Endpoints.Gateway;
using OrleansLicense.Silo.Errors;
using OrleansLicense.Silo.Hosting;

namespace OrleansLicense.Silo.ClientGateway;

/// <summary>
/// The Orleans client API (issue #13): the HTTP gateway API's operations through the same shared code
/// (<see cref="SessionCalls"/>, <see cref="BorrowCalls"/>, <see cref="UsageUploads"/>), so an Orleans client may do
/// exactly what an anonymous HTTP caller may. It lives in the silo beside the HTTP endpoints because it is an edge
/// like them. A stateless worker: each gateway silo answers its own clients locally.
/// </summary>
[GrainType("client-gateway")]
[StatelessWorker]
internal sealed class ClientGatewayGrain(
    SessionCalls sessions,
    GatewayList gateways,
    SiloAnnouncement self,
    ServerSigningKey signingKey,
    IOptions<SiloOptions> silo,
    IOptions<LicensingOptions> licensing,
    TimeProvider clock) : Grain, IClientGatewayGrain
{
    private readonly SubscriptionRenewals _renewals = new();

    public Task<LoginResponse> Login(LoginRequest request) =>
        Answer(() => sessions.LoginAsync(request ?? throw LicensingException.BadRequest("The login request is missing."), ClientAt(), CancellationToken.None));

    public async Task<ClientHeartbeat> Heartbeat(string sessionId, IKickObserver? observer)
    {
        try
        {
            // The subscription is renewed at every heartbeat: it is lost when the watch grain's silo dies. One-way, so
            // the heartbeat does not wait for it.
            if (observer is not null && SessionIds.IsWellFormed(sessionId) && _renewals.IsDue(sessionId, observer.GetGrainId()))
            {
                _ = GrainFactory.GetGrain<ISessionWatchGrain>(sessionId).Subscribe(observer);
            }

            var beat = await sessions.HeartbeatAsync(sessionId, CancellationToken.None);
            return new ClientHeartbeat(beat.TimeoutSeconds, beat.HeartbeatIntervalSeconds, Kicked: false, Detail: null, self.OrleansGateway);
        }
        catch (LicensingException e) when (e.Code == ErrorCodes.SessionExpired)
        {
            return new ClientHeartbeat(0, 0, Kicked: true, e.Message, self.OrleansGateway);
        }
        catch (LicensingException e)
        {
            throw Refusal(e);
        }
    }

    public Task Watch(string sessionId, IKickObserver observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        return SessionIds.IsWellFormed(sessionId)
            ? GrainFactory.GetGrain<ISessionWatchGrain>(sessionId).Subscribe(observer)
            : throw Refusal(LicensingException.NotFound($"There is no session '{sessionId}'."));
    }

    public Task<CheckOutResponse> CheckOut(string sessionId, CheckOutRequest request) =>
        Answer(() => sessions.CheckOutAsync(sessionId, request ?? throw LicensingException.BadRequest("The check-out request is missing."), ClientAt(), CancellationToken.None));

    public Task CheckIn(string sessionId, string feature) =>
        Answer(async () =>
        {
            await sessions.CheckInAsync(sessionId, feature, CancellationToken.None);
            return true;
        });

    public Task Logout(string sessionId) =>
        Answer(async () =>
        {
            await sessions.LogoutAsync(sessionId, CancellationToken.None);
            return true;
        });

    public Task<BorrowResponse> Borrow(BorrowRequest request) =>
        Answer(() => BorrowCalls.BorrowAsync(request ?? throw LicensingException.BadRequest("The borrow request is missing."), ClientAt().IsLoopback, GrainFactory, signingKey, CancellationToken.None));

    public Task ReturnBorrow(string borrowId) =>
        Answer(async () =>
        {
            await BorrowCalls.ReturnAsync(borrowId, GrainFactory, CancellationToken.None);
            return true;
        });

    public Task<ServerKeyView> GetServerKey() => Task.FromResult(new ServerKeyView(signingKey.KeyId, signingKey.Key.ExportPublicKeyPem()));

    public Task<UsageUploadResponse> UploadUsage(UsageUploadRequest request) =>
        Answer(() => UsageUploads.UploadAsync(request ?? throw LicensingException.BadRequest("The usage upload is missing."), GrainFactory, clock, CancellationToken.None));

    public Task<GatewaysResponse> GetGateways() => Task.FromResult(new GatewaysResponse(licensing.Value.ClusterId, gateways.Current()));

    // Orleans does not tell a grain a client's network address. One silo's gateway listens on loopback only, so
    // every client it has is on this machine (R-LIC-5 local-only licenses work); a grid's clients may be anywhere,
    // so they are not loopback (fail closed: local-only licenses are refused over a grid's Orleans gateway).
    private ClientAddress ClientAt() => silo.Value.IsGrid ? new ClientAddress(null, false) : new ClientAddress("127.0.0.1", true);

    private static async Task<T> Answer<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (LicensingException e)
        {
            throw Refusal(e);
        }
    }

    // The same code and status the HTTP API would answer (API.md's table).
    private static ClientCallException Refusal(LicensingException e) => new(e.Code, ErrorStatus.StatusOf(e.Code), e.Message);
}
