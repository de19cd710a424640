using System.Text.Json;
using OrleansLicense.Contracts.Errors;
using OrleansLicense.Grains.Errors;
using OrleansLicense.Grains.Triad;
using OrleansLicense.Silo.Errors;

namespace OrleansLicense.Silo.Triad;

/// <summary>
/// The triad's fence at the HTTP edge (R-TRI-1): while the grid is a triad, a silo that cannot see a quorum answers
/// client calls (sessions, borrows, usage, agents, <c>/healthz</c>) with 503 <c>no_quorum</c>, whose body lists the other
/// servers and their status, so a client knows where to go. The admin API, the gateway list and the console still
/// answer: an administrator must see why and be able to dissolve. Without a triad it does nothing.
/// </summary>
internal sealed class TriadFenceMiddleware(RequestDelegate next, TriadSiloView view)
{
    private static readonly string[] ClientPaths = ["/api/v1/sessions", "/api/v1/borrows", "/api/v1/usage", "/api/v1/agent-link", "/rest", "/healthz"];

    public Task InvokeAsync(HttpContext context)
    {
        var snapshot = view.Current;
        if (!snapshot.HasTriad || !ClientPaths.Any(p => context.Request.Path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase)))
        {
            return next(context);
        }

        return snapshot.Decision.Quorum ? FencedAsync(context) : RefuseAsync(context, snapshot, snapshot.DescribeRefusal());
    }

    // A client call let in while the quorum holds.
    private async Task FencedAsync(HttpContext context)
    {
        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (LicensingException refusal) when (refusal.Code == ErrorCodes.NoQuorum && !context.Response.HasStarted)
        {
            // The grains' own fence refused after this edge let the call in (the quorum was lost meanwhile): the same
            // answer as the edge's, with the servers as this silo sees them now, so a client knows where to go.
            context.Response.Clear();
            await RefuseAsync(context, view.Current, refusal.Message).ConfigureAwait(false);
        }
    }

    private static async Task RefuseAsync(HttpContext context, TriadSnapshot snapshot, string detail)
    {
        var problem = ApiProblems.Create(ErrorCodes.NoQuorum, detail);
        context.Response.StatusCode = problem.Status;
        context.Response.ContentType = ApiProblems.ContentType;
        context.Response.Headers.RetryAfter = "1";
        var body = new NoQuorumProblem(problem.Type!, problem.Title!, problem.Status, problem.Detail!, problem.Code, TriadServers.Views(snapshot));
        await JsonSerializer.SerializeAsync(context.Response.Body, body, TriadJsonContext.Default.NoQuorumProblem, context.RequestAborted).ConfigureAwait(false);
    }
}
