using OrleansLicense.Contracts.Sessions;
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

    private static async Task<IResult> LoginAsync(LoginRequest request, HttpContext context, SessionCalls calls, CancellationToken cancellationToken)
    {
        var response = await calls.LoginAsync(request, ClientAddress.Of(context), cancellationToken).ConfigureAwait(false);
        return Results.Created($"/api/v1/sessions/{response.SessionId}", response);
    }

    private static async Task<IResult> HeartbeatAsync(string id, SessionCalls calls, CancellationToken cancellationToken)
        => Results.Ok(await calls.HeartbeatAsync(id, cancellationToken).ConfigureAwait(false));

    private static async Task<IResult> CheckOutAsync(string id, CheckOutRequest request, HttpContext context, SessionCalls calls, CancellationToken cancellationToken)
        => Results.Ok(await calls.CheckOutAsync(id, request, ClientAddress.Of(context), cancellationToken).ConfigureAwait(false));

    private static async Task<IResult> CheckInAsync(string id, string name, SessionCalls calls, CancellationToken cancellationToken)
    {
        await calls.CheckInAsync(id, name, cancellationToken).ConfigureAwait(false);
        return Results.NoContent();
    }

    private static async Task<IResult> LogoutAsync(string id, SessionCalls calls, CancellationToken cancellationToken)
    {
        await calls.LogoutAsync(id, cancellationToken).ConfigureAwait(false);
        return Results.NoContent();
    }
}
