using OrleansLicense.Contracts.Agents;
using OrleansLicense.Contracts.Errors;
using OrleansLicense.Grains.Agents;
using OrleansLicense.Grains.Licenses;
using OrleansLicense.Silo.Errors;
using OrleansLicense.Silo.Peers;

namespace OrleansLicense.Silo.Endpoints.Agents;

/// <summary>
/// The upstream's side of the agent link (#18 item 3): what a second-level grid calls, authenticated by the
/// credential this grid issued for it (<c>Authorization: Bearer agentId.secret</c>; R-SEC-2). A call without a
/// valid credential answers 401 unauthorized and changes nothing.
/// </summary>
internal static class AgentLinkEndpoints
{
    private const string AgentIdItem = "olic.agentId";

    public static void MapAgentLinkEndpoints(this IEndpointRouteBuilder routes)
    {
        var link = routes.MapGroup("/api/v1/agent-link").WithTags("Agent link (upstream)").CarriesPeerCredential().AddEndpointFilter(AuthenticateAsync);

        link.MapGet("/products/{product}/features", ListFeaturesAsync)
            .WithName("AgentLinkFeatures")
            .WithSummary("Features an agent may serve")
            .WithDescription("The features of a product's active licenses, with their position (the seed's fid), seats and whether the license is agentable.")
            .Produces<List<LinkFeature>>()
            .ProducesProblems(401, 404, 429);

        link.MapPost("/set", SetAsync)
            .WithName("AgentLinkSet")
            .WithSummary("Set an agreement")
            .WithDescription("Sets the seats the calling agent holds (increase) or may draw (share) of a feature; 0 releases them.")
            .Accepts<LinkSetRequest>("application/json")
            .Produces<AgentView>()
            .ProducesProblems(400, 401, 404, 409, 422, 429);

        link.MapPost("/renew", RenewAsync)
            .WithName("AgentLinkRenew")
            .WithSummary("Renew an agreement's lease")
            .WithDescription("The agent's heartbeat; the answer's state tells it whether it may still serve the seats.")
            .Accepts<LinkRenewRequest>("application/json")
            .Produces<AgentView>()
            .ProducesProblems(400, 401, 404, 429);

        link.MapPost("/draw", DrawAsync)
            .WithName("AgentLinkDraw")
            .WithSummary("Draw shared seats")
            .WithDescription("Share mode: sets the upstream seats one downstream holder draws (0 gives them back).")
            .Accepts<LinkDrawRequest>("application/json")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblems(400, 401, 409, 429);
    }

    private static async ValueTask<object?> AuthenticateAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (PeerCredentialRoutes.Throttled(http) is { } throttled)
        {
            return throttled;
        }

        var presented = PeerCalls.BearerOf(http.Request) ?? "";
        var dot = presented.IndexOf('.', StringComparison.Ordinal);
        if (dot > 0)
        {
            var agentId = presented[..dot];
            if (AgentKey.IsValidAgentId(agentId)
                && await http.RequestServices.GetRequiredService<IGrainFactory>().GetGrain<IAgentCredentialsGrain>(IAgentCredentialsGrain.Key).Verify(agentId, presented[(dot + 1)..]).ConfigureAwait(false))
            {
                http.Items[AgentIdItem] = agentId;
                PeerCredentialRoutes.RecordSuccess(http);
                return await next(context).ConfigureAwait(false);
            }
        }

        if (presented.Length > 0)
        {
            // A call without any credential is not a guess.
            PeerCredentialRoutes.RecordFailure(http);
        }

        return ApiProblems.Result(ErrorCodes.Unauthorized, "This call needs 'Authorization: Bearer <agent credential>' issued by this grid ('olic agent credential create').");
    }

    private static string AgentIdOf(HttpContext http) => (string)http.Items[AgentIdItem]!;

    private static async Task<IResult> ListFeaturesAsync(string product, IGrainFactory grains)
    {
        var ids = await grains.GetGrain<ILicenseIndexGrain>(ILicenseIndexGrain.Key).FindByProduct(product).ConfigureAwait(false);
        var features = new List<LinkFeature>();
        foreach (var id in ids)
        {
            var terms = await grains.GetGrain<ILicenseGrain>(id).GetTerms().ConfigureAwait(false);
            var view = await grains.GetGrain<ILicenseGrain>(id).Get(CancellationToken.None).ConfigureAwait(false);
            if (terms is not { Active: true } || view is null)
            {
                continue;
            }

            features.AddRange(view.Features.Select((f, i) => new LinkFeature(id, f.Name, i + 1, f.Seats, terms.Agentable)));
        }

        return features.Count == 0
            ? ApiProblems.NotFound($"This grid has no active license of product '{product}'.")
            : Results.Json(features, AgentJsonContext.Default.ListLinkFeature);
    }

    private static async Task<IResult> SetAsync(HttpContext http, LinkSetRequest request, IGrainFactory grains, CancellationToken cancellationToken)
    {
        if (AgentViews.ParseMode(request.Mode) is not { } mode || request.Seats < 0 || string.IsNullOrEmpty(request.LicenseId) || string.IsNullOrEmpty(request.Feature))
        {
            return ApiProblems.BadRequest("licenseId, feature, mode (increase|share) and seats (0 or more) are required.");
        }

        var grain = grains.GetGrain<IUpstreamAgentGrain>(AgentKey.Of(request.LicenseId, request.Feature, AgentIdOf(http)));
        var agreement = await grain.Set(request.Product, mode, request.Seats, cancellationToken).ConfigureAwait(false);
        return Results.Json(AgentViews.Of(agreement), AgentJsonContext.Default.AgentView);
    }

    private static async Task<IResult> RenewAsync(HttpContext http, LinkRenewRequest request, IGrainFactory grains, CancellationToken cancellationToken)
    {
        var agreement = await grains.GetGrain<IUpstreamAgentGrain>(AgentKey.Of(request.LicenseId, request.Feature, AgentIdOf(http))).Renew(cancellationToken).ConfigureAwait(false);
        return agreement is null
            ? ApiProblems.NotFound($"Agent '{AgentIdOf(http)}' has no agreement for '{request.Feature}' of license '{request.LicenseId}'.")
            : Results.Json(AgentViews.Of(agreement), AgentJsonContext.Default.AgentView);
    }

    private static async Task<IResult> DrawAsync(HttpContext http, LinkDrawRequest request, IGrainFactory grains, CancellationToken cancellationToken)
    {
        if (request.Count < 0 || string.IsNullOrEmpty(request.Holder))
        {
            return ApiProblems.BadRequest("holder and count (0 or more) are required.");
        }

        await grains.GetGrain<IUpstreamAgentGrain>(AgentKey.Of(request.LicenseId, request.Feature, AgentIdOf(http))).Draw(request.Holder, request.Count, cancellationToken).ConfigureAwait(false);
        return Results.NoContent();
    }
}
