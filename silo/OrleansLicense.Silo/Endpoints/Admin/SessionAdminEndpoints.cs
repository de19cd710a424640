using System.Security.Claims;
using OrleansLicense.Contracts.Admin;
using OrleansLicense.Grains.Queries;
using OrleansLicense.Grains.Sessions;
using OrleansLicense.Silo.Cluster;
using OrleansLicense.Silo.Endpoints.Gateway;
using OrleansLicense.Silo.Errors;
using OrleansLicense.Silo.Logging;
using OrleansLicense.Silo.Security;

namespace OrleansLicense.Silo.Endpoints.Admin;

/// <summary>Admin API of sessions: list and remove (R-SESS-5).</summary>
internal static class SessionAdminEndpoints
{
    public static void MapSessionAdminEndpoints(this RouteGroupBuilder admin)
    {
        var sessions = admin.MapGroup("/sessions").WithTags("Sessions (admin)");

        sessions.MapGet("", ListAsync)
            .WithName("ListSessions")
            .WithSummary("List live sessions")
            .WithDescription("Every live session: product, user, host, address, seats held, since and last heartbeat; oldest first.")
            .Produces<List<SessionView>>()
            .ProducesProblems(401);

        sessions.MapDelete("/{id}", RemoveAsync)
            .WithName("RemoveSession")
            .WithSummary("Remove a session")
            .WithDescription("Ends a live session: its seats return to the pool at once and the client's next call answers 410 session_expired.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblems(401, 404);
    }

    private static async Task<IResult> ListAsync(LicenseQueries queries, CancellationToken cancellationToken)
    {
        var sessions = await FailoverRetry.RetryAsync(() => queries.ListSessionsAsync(cancellationToken), cancellationToken).ConfigureAwait(false);
        return Results.Ok(sessions.Select(ToView).ToList());
    }

    private static async Task<IResult> RemoveAsync(string id, ClaimsPrincipal user, IGrainFactory grains, LicenseQueries queries, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        if (!SessionIds.IsWellFormed(id))
        {
            return UnknownSession(id);
        }

        var session = grains.GetGrain<ISessionGrain>(id);
        var info = await session.GetInfo().ConfigureAwait(false);
        if (info is { Status: SessionStatus.Active })
        {
            await session.Remove(cancellationToken).ConfigureAwait(false);
        }
        else if (!await queries.ReleaseUnrecordedAsync(id, cancellationToken).ConfigureAwait(false))
        {
            // Neither live nor holding seats at any pool (a holder whose session a crash left unstored is listed from its leases).
            return UnknownSession(id);
        }

        SiloLog.LogInformationSessionRemoved(loggers.CreateLogger(AdminEndpoints.LogCategory), id, AdminCaller.Of(user));
        return Results.NoContent();
    }

    private static SessionView ToView(SessionInfo session) => new(
        session.SessionId,
        session.Product,
        session.Client?.User,
        session.Client?.Host,
        session.Address,
        session.Features,
        session.Since,
        session.RestoredAt is null ? session.LastHeartbeat : null,
        session.LicenseId,
        session.RestoredAt,
        session.ExpiresAt);

    private static IResult UnknownSession(string id) => ApiProblems.NotFound($"There is no live session '{id}'.");
}
