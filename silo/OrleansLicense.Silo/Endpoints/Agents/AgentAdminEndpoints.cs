using System.Security.Claims;
using OrleansLicense.Contracts.Agents;
using OrleansLicense.Grains.Agents;
using OrleansLicense.Silo.Endpoints.Admin;
using OrleansLicense.Silo.Security;

namespace OrleansLicense.Silo.Endpoints.Agents;

/// <summary>Admin API of agents (#18 items 3 and 6): issue a link credential (upstream), list the agreements (both sides).</summary>
internal static class AgentAdminEndpoints
{
    public static void MapAgentAdminEndpoints(this IEndpointRouteBuilder routes)
    {
        var agents = routes.MapGroup("/api/v1/admin/agents").WithTags("Agents (admin)").RequireAuthorization(AdminAuthentication.Policy);

        agents.MapGet("", ListAsync)
            .WithName("ListAgents")
            .WithSummary("List agent agreements")
            .WithDescription("Every agreement this grid takes part in: as upstream (seats lent to an agent) and as downstream (seats served for an upstream), with mode, seats, in use, state and lease.")
            .Produces<List<AgentView>>()
            .ProducesProblems(401);

        agents.MapPost("/credentials", CreateCredentialAsync)
            .WithName("CreateAgentCredential")
            .WithSummary("Issue an agent credential")
            .WithDescription("Makes the credential a second-level grid puts in its Agent:Credential; it is shown once (only its hash is stored). Issuing again replaces the old one.")
            .Accepts<AgentCredentialRequest>("application/json")
            .Produces<AgentCredentialResponse>()
            .ProducesProblems(400, 401);
    }

    private static async Task<IResult> ListAsync(IGrainFactory grains)
    {
        var views = new List<AgentView>();
        foreach (var entry in await grains.GetGrain<IAgentDirectoryGrain>(IAgentDirectoryGrain.Key).List().ConfigureAwait(false))
        {
            var agreement = entry.Role == "upstream"
                ? await grains.GetGrain<IUpstreamAgentGrain>(entry.AgentKey).Get().ConfigureAwait(false)
                : await grains.GetGrain<IDownstreamAgentGrain>(entry.AgentKey).Get().ConfigureAwait(false);
            if (agreement is not null)
            {
                views.Add(AgentViews.Of(agreement));
            }
        }

        return Results.Json(views, AgentJsonContext.Default.ListAgentView);
    }

    private static async Task<IResult> CreateCredentialAsync(AgentCredentialRequest request, ClaimsPrincipal user, IGrainFactory grains, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var secret = await grains.GetGrain<IAgentCredentialsGrain>(IAgentCredentialsGrain.Key).Create(request.AgentId, cancellationToken).ConfigureAwait(false);
        AgentRestLog.LogInformationCredentialIssued(loggers.CreateLogger(AdminEndpoints.LogCategory), request.AgentId, AdminCaller.Of(user));
        return Results.Json(new AgentCredentialResponse(request.AgentId, $"{request.AgentId}.{secret}"), AgentJsonContext.Default.AgentCredentialResponse);
    }
}
