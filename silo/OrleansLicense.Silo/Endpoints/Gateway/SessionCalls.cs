using Microsoft.Extensions.Options;
using OrleansLicense.Contracts.Sessions;
using OrleansLicense.Grains.Errors;
using OrleansLicense.Grains.Hosting;
using OrleansLicense.Grains.Sessions;
using OrleansLicense.Silo.Backup;
using OrleansLicense.Silo.Cluster;
using OrleansLicense.Silo.Logging;

namespace OrleansLicense.Silo.Endpoints.Gateway;

/// <summary>
/// The session operations of the client API, shared by the HTTP endpoints (<see cref="SessionEndpoints"/>) and the
/// Orleans client API (<c>ClientGatewayGrain</c>): the same validation, the same ids, the same grain calls. Refusals
/// are <see cref="LicensingException"/>s, which each edge answers in its own way.
/// </summary>
internal sealed class SessionCalls(ISessionLogins logins, GrainReferences grains, GatewayList gateways, IOptions<LicensingOptions> licensing, SessionIds sessionIds, BackupSnapshot backup, ILoggerFactory loggers)
{
    private readonly ILogger _logger = loggers.CreateLogger(SessionEndpoints.LogCategory);

    /// <summary>Logs in: takes every seat asked for or none. Each login and each refusal is logged once (#14 item 15).</summary>
    public async Task<LoginResponse> LoginAsync(LoginRequest request, ClientAddress client, CancellationToken cancellationToken)
    {
        Check(SessionRequestValidator.Validate(request));
        var features = request.Features.Select(f => f.Name);
        var sessionId = request.RequestId is { } requestId ? sessionIds.ForLoginRequest(requestId, request.Product, features) : sessionIds.New(request.Product, features);
        LoginResult result;
        try
        {
            result = await logins
                .Login(sessionId, new LoginCommand(request.Product, request.Features, request.Client, client.Address, client.IsLoopback, request.QueueSeconds ?? 0, request.LicenseId), cancellationToken)
                .ConfigureAwait(false);
        }
        catch (LicensingException refused)
        {
            SessionLog.Refused(_logger, request, sessionId, refused.Code, refused.Message, client.Address);
            throw;
        }

        SessionLog.LoggedIn(_logger, request, result.SessionId, result.LicenseId, client.Address);
        return new LoginResponse(
            result.SessionId,
            result.TimeoutSeconds,
            result.HeartbeatIntervalSeconds,
            result.LicenseId,
            result.Features,
            gateways.Current(),
            licensing.Value.ClusterId,
            backup.HintFor(result.LicenseId));
    }

    /// <summary>A heartbeat; session_expired once the session was kicked.</summary>
    public async Task<HeartbeatResponse> HeartbeatAsync(string id, CancellationToken cancellationToken)
    {
        CheckId(id);

        // A heartbeat may be repeated: across the death of the silo that held the session it waits for the session's
        // new activation (about a second) instead of answering 503.
        var result = await FailoverRetry.RetryAsync(() => grains.Get<ISessionGrain>(id).Heartbeat(cancellationToken), cancellationToken).ConfigureAwait(false);
        return new HeartbeatResponse(result.TimeoutSeconds, result.HeartbeatIntervalSeconds);
    }

    /// <summary>Takes more seats; answers every seat the session holds.</summary>
    public async Task<CheckOutResponse> CheckOutAsync(string id, CheckOutRequest request, ClientAddress client, CancellationToken cancellationToken)
    {
        CheckId(id);
        Check(SessionRequestValidator.Validate(request));
        var held = await grains.Get<ISessionGrain>(id).CheckOut(request.Features, request.RequestId, client.IsLoopback, cancellationToken).ConfigureAwait(false);
        return new CheckOutResponse(held);
    }

    /// <summary>Returns one feature's seats.</summary>
    public Task CheckInAsync(string id, string name, CancellationToken cancellationToken)
    {
        CheckId(id);
        Check(SessionRequestValidator.CheckFeatureName(name, "name"));
        return grains.Get<ISessionGrain>(id).CheckIn(name, cancellationToken);
    }

    /// <summary>Logs out.</summary>
    public Task LogoutAsync(string id, CancellationToken cancellationToken)
    {
        CheckId(id);
        return logins.Logout(id, cancellationToken);
    }

    // A malformed id is answered as unknown without activating a grain for it.
    private static void CheckId(string id)
    {
        if (!SessionIds.IsWellFormed(id))
        {
            throw LicensingException.NotFound($"There is no session '{id}'.");
        }
    }

    private static void Check(string? problem)
    {
        if (problem is not null)
        {
            throw LicensingException.BadRequest(problem);
        }
    }
}
