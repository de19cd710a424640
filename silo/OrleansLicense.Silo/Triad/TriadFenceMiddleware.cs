using System.Text.Json;
using OrleansLicense.Contracts.Errors;
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
        if (!snapshot.HasTriad || snapshot.Decision.Quorum || !ClientPaths.Any(p => context.Request.Path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase)))
        {
            return next(context);
        }

        return RefuseAsync(context, snapshot);
    }

    private static async Task RefuseAsync(HttpContext context, TriadSnapshot snapshot)
    {
        var problem = ApiProblems.Create(ErrorCodes.NoQuorum, snapshot.DescribeRefusal());
        context.Response.StatusCode = problem.Status;
        context.Response.ContentType = ApiProblems.ContentType;
        context.Response.Headers.RetryAfter = "1";
        var body = new NoQuorumProblem(problem.Type!, problem.Title!, problem.Status, problem.Detail!, problem.Code, TriadServers.Views(snapshot));
        await JsonSerializer.SerializeAsync(context.Response.Body, body, TriadJsonContext.Default.NoQuorumProblem, context.RequestAborted).ConfigureAwait(false);
    }
}
