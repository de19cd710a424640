namespace OrleansLicense.Silo.Endpoints.Agents;

/// <summary>Every route of second-level agents: the seed's REST calls, the upstream's link and the admin API.</summary>
internal static class AgentEndpoints
{
    public static void MapAgentEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapAgentRestEndpoints();
        routes.MapAgentLinkEndpoints();
        routes.MapAgentAdminEndpoints();
    }
}
