using Microsoft.Extensions.Options;
using OrleansLicense.Contracts.Sessions;
using OrleansLicense.Grains.Errors;
using OrleansLicense.Grains.Hosting;
using OrleansLicense.Grains.Sessions;
using OrleansLicense.Silo.Cluster;
using OrleansLicense.Silo.Errors;
using OrleansLicense.Silo.Hosting;
using OrleansLicense.Silo.Logging;

namespace OrleansLicense.Silo.Endpoints.Gateway;

/// <summary>The client API of sessions (API.md "Client (gateway) API"): login, heartbeat, check-out, check-in, logout.</summary>
internal static class SessionEndpoints
{
    /// <summary>The log category of the gateway.</summary>
    public const string LogCategory = "OrleansLicense.Silo.Gateway";

    public static void MapSessionEndpoints(this IEndpointRouteBuilder routes)
    {
        var sessions = routes.MapGroup("/api/v1/sessions").WithTags("Sessions");

        sessions.MapPost("", LoginAsync)
            .WithName("Login")
            .WithSummary("Log in and take seats")
            .WithDescription("Takes every requested seat of the product's features, or none, and opens a session. "
                + "The client must heartbeat at the returned interval; a session without heartbeat for the timeout is kicked. "
                + "With queueSeconds (0-20) a login that finds no free seat waits that long in the seat queue for seats to come back (R-SESS-6).")
            .Produces<LoginResponse>(StatusCodes.Status201Created)
            .ProducesProblems(400, 403, 404, 409, 413, 422, 503);

        sessions.MapPost("/{id}/heartbeat", HeartbeatAsync)
            .WithName("Heartbeat")
            .WithSummary("Keep a session alive")
            .WithDescription("Renews the session's seats for another timeout. 410 session_expired when the session was kicked.")
            .Produces<HeartbeatResponse>()
            .ProducesProblems(404, 410, 503);

        sessions.MapPost("/{id}/features", CheckOutAsync)
            .WithName("CheckOut")
            .WithSummary("Take more seats in a session")
            .WithDescription("Takes every requested seat or none; answers every seat the session now holds.")
            .Produces<CheckOutResponse>()
            .ProducesProblems(400, 404, 409, 410, 413, 503);

        sessions.MapDelete("/{id}/features/{name}", CheckInAsync)
            .WithName("CheckIn")
            .WithSummary("Return the seats of one feature")
            .WithDescription("Returns the session's seats of the named feature to the pool.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblems(400, 404, 410, 503);

        sessions.MapDelete("/{id}", LogoutAsync)
            .WithName("Logout")
            .WithSummary("Log out")
            .WithDescription("Returns every seat and ends the session. A second logout answers 204 again, or 410 when the session was kicked.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblems(404, 410, 503);
    }

    private static async Task<IResult> LoginAsync(
        LoginRequest request,
        HttpContext context,
        IGrainFactory grains,
        SiloUrls urls,
        IOptions<LicensingOptions> licensing,
        SessionIds sessionIds,
        ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        var problem = SessionRequestValidator.Validate(request);
        if (problem is not null)
        {
            return ApiProblems.BadRequest(problem);
        }

        var sessionId = request.RequestId is { } requestId ? sessionIds.ForLoginRequest(requestId) : SessionIds.New();
        var client = ClientAddress.Of(context);
        var logger = loggers.CreateLogger(LogCategory);
        LoginResult result;
        try
        {
            result = await grains.GetGrain<ISessionGrain>(sessionId)
                .Login(new LoginCommand(request.Product, request.Features, request.Client, client.Address, client.IsLoopback, request.QueueSeconds ?? 0), cancellationToken)
                .ConfigureAwait(false);
        }
        catch (LicensingException refused)
        {
            // Logged here, once, with the client's particulars; the error middleware answers it.
            SessionLog.Refused(logger, request, sessionId, refused.Code, refused.Message, client.Address);
            throw;
        }

        SessionLog.LoggedIn(logger, request, result.SessionId, result.LicenseId, client.Address);

        var response = new LoginResponse(
            result.SessionId,
            result.TimeoutSeconds,
            result.HeartbeatIntervalSeconds,
            result.LicenseId,
            result.Features,
            urls.Gateways(context.Request),
            licensing.Value.ClusterId);
        return Results.Created($"/api/v1/sessions/{result.SessionId}", response);
    }

    private static async Task<IResult> HeartbeatAsync(string id, IGrainFactory grains, CancellationToken cancellationToken)
    {
        if (!SessionIds.IsWellFormed(id))
        {
            return UnknownSession(id);
        }

        // A heartbeat may be repeated: across the death of the silo that held the session it waits for the session's
        // new activation (about a second) instead of answering 503.
        var result = await FailoverRetry.RetryAsync(() => grains.GetGrain<ISessionGrain>(id).Heartbeat(cancellationToken), cancellationToken).ConfigureAwait(false);
        return Results.Ok(new HeartbeatResponse(result.TimeoutSeconds, result.HeartbeatIntervalSeconds));
    }

    private static async Task<IResult> CheckOutAsync(string id, CheckOutRequest request, HttpContext context, IGrainFactory grains, CancellationToken cancellationToken)
    {
        if (!SessionIds.IsWellFormed(id))
        {
            return UnknownSession(id);
        }

        var problem = SessionRequestValidator.Validate(request);
        if (problem is not null)
        {
            return ApiProblems.BadRequest(problem);
        }

        var held = await grains.GetGrain<ISessionGrain>(id).CheckOut(request.Features, request.RequestId, ClientAddress.Of(context).IsLoopback, cancellationToken).ConfigureAwait(false);
        return Results.Ok(new CheckOutResponse(held));
    }

    private static async Task<IResult> CheckInAsync(string id, string name, IGrainFactory grains, CancellationToken cancellationToken)
    {
        if (!SessionIds.IsWellFormed(id))
        {
            return UnknownSession(id);
        }

        var problem = SessionRequestValidator.CheckFeatureName(name, "name");
        if (problem is not null)
        {
            return ApiProblems.BadRequest(problem);
        }

        await grains.GetGrain<ISessionGrain>(id).CheckIn(name, cancellationToken).ConfigureAwait(false);
        return Results.NoContent();
    }

    private static async Task<IResult> LogoutAsync(string id, IGrainFactory grains, CancellationToken cancellationToken)
    {
        if (!SessionIds.IsWellFormed(id))
        {
            return UnknownSession(id);
        }

        await grains.GetGrain<ISessionGrain>(id).Logout(cancellationToken).ConfigureAwait(false);
        return Results.NoContent();
    }

    private static IResult UnknownSession(string id) => ApiProblems.NotFound($"There is no session '{id}'.");
}
