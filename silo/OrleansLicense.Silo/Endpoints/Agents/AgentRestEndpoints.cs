using System.Globalization;
using System.Net;
using System.Security.Claims;
using OrleansLicense.Contracts.Agents;
using OrleansLicense.Grains.Agents;
using OrleansLicense.Grains.Errors;
using OrleansLicense.Silo.AccessLog;
using OrleansLicense.Silo.Endpoints.Admin;
using OrleansLicense.Silo.Security;
using OrleansLicense.Silo.Security.Access;
using OrleansLicense.Silo.Security.Throttling;

namespace OrleansLicense.Silo.Endpoints.Agents;

/// <summary>
/// The seed's three agent calls, served by the second-level silo (#18 item 2, R-AGT-2):
/// <c>POST /rest/&lt;pwd&gt;/product/&lt;pid&gt;/addAgent|releaseAgent|getAgent</c>, &lt;pwd&gt; the admin token,
/// body text/plain key=value pairs, answer <c>{ "code": 0, "errMsg": "" }</c> (see <see cref="AgentRestCodes"/>).
/// </summary>
internal static class AgentRestEndpoints
{
    public static void MapAgentRestEndpoints(this IEndpointRouteBuilder routes)
    {
        var rest = routes.MapGroup("/rest/{pwd}/product/{pid}").WithTags("Second-level agents (seed REST)");
        rest.MapPost("/addAgent", AddAsync)
            .WithName("AddAgent")
            .WithSummary("Add an agent (the seed's addAgent)")
            .WithDescription("Takes featureUserNumber seats of the upstream feature (fid = its 1-based position, or featureName) in mode increase or share. Body text/plain key=value pairs, one per line or '&'-separated. Codes: " + CodeList)
            .Accepts<string>("text/plain")
            .Produces<AgentRestAnswer>()
            .Produces<AgentRestAnswer>(400).Produces<AgentRestAnswer>(401).Produces<AgentRestAnswer>(403).Produces<AgentRestAnswer>(404).Produces<AgentRestAnswer>(409)
            .Produces<AgentRestAnswer>(422).Produces<AgentRestAnswer>(502).Produces<AgentRestAnswer>(503);
        rest.MapPost("/releaseAgent", ReleaseAsync)
            .WithName("ReleaseAgent")
            .WithSummary("Release an agent (the seed's releaseAgent)")
            .WithDescription("Gives featureUserNumber seats (all when omitted) back upstream. Refused with code 12 while clients here hold them, unless force=true, which kicks those sessions. Codes: " + CodeList)
            .Accepts<string>("text/plain")
            .Produces<AgentRestAnswer>()
            .Produces<AgentRestAnswer>(400).Produces<AgentRestAnswer>(401).Produces<AgentRestAnswer>(403).Produces<AgentRestAnswer>(404).Produces<AgentRestAnswer>(409).Produces<AgentRestAnswer>(503);
        rest.MapPost("/getAgent", GetAsync)
            .WithName("GetAgent")
            .WithSummary("Get agent information (the seed's getAgent)")
            .WithDescription("The product's agents here (optionally one feature): mode, seats, in use, state and the upstream's lease. Codes: " + CodeList)
            .Accepts<string>("text/plain")
            .Produces<AgentRestAnswer>()
            .Produces<AgentRestAnswer>(400).Produces<AgentRestAnswer>(401).Produces<AgentRestAnswer>(403);
    }

    private const string CodeList = "0 ok, 1 bad credential, 2 bad request, 3 bad mode, 4 bad number, 5 unknown product, 6 unknown feature, 7 not agentable, 8 not enough free seats upstream, 9 upstream unreachable, 10 upstream refused the link credential, 11 no upstream configured, 12 seats in use (force=true kicks), 13 other mode already, 14 no such agent, 15 other, 16 denied (https_required or an access rule).";

    private static async Task<IResult> AddAsync(string pwd, string pid, HttpRequest request, AdminToken token, IAgentUpstreamLink link, IGrainFactory grains, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var (body, caller, refusal) = await ReadAsync(pwd, request, token, cancellationToken).ConfigureAwait(false);
        if (refusal is not null)
        {
            return refusal;
        }

        if (AgentViews.ParseMode(body!.Mode) is not { } mode)
        {
            return Answer(AgentRestCodes.BadMode, "mode must be increase or share.");
        }

        if (!TryCount(body.FeatureUserNumber, out var count))
        {
            return Answer(AgentRestCodes.BadNumber, "featureUserNumber must be a whole number from 1 to 1000000.");
        }

        return await CallAsync(async () =>
        {
            var grain = await ResolveAsync(pid, body, link, grains, cancellationToken).ConfigureAwait(false);
            var agreement = await grain.Add(pid, mode, count, cancellationToken).ConfigureAwait(false);
            AgentRestLog.LogInformationAgentAdded(Logger(loggers), count, pid, agreement.LicenseId, agreement.Feature, AgentViews.ModeName(mode), caller!);
            return Answer(AgentRestCodes.Ok, "");
        }, Logger(loggers), request).ConfigureAwait(false);
    }

    private static async Task<IResult> ReleaseAsync(string pwd, string pid, HttpRequest request, AdminToken token, IAgentUpstreamLink link, IGrainFactory grains, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var (body, caller, refusal) = await ReadAsync(pwd, request, token, cancellationToken).ConfigureAwait(false);
        if (refusal is not null)
        {
            return refusal;
        }

        if (body!.Mode is not null && AgentViews.ParseMode(body.Mode) is null)
        {
            return Answer(AgentRestCodes.BadMode, "mode must be increase or share.");
        }

        int? count = null;
        if (body.FeatureUserNumber is not null)
        {
            if (!TryCount(body.FeatureUserNumber, out var n))
            {
                return Answer(AgentRestCodes.BadNumber, "featureUserNumber must be a whole number from 1 to 1000000.");
            }

            count = n;
        }

        if (body.Force is not (null or "true" or "false"))
        {
            return Answer(AgentRestCodes.BadRequest, "force must be true or false.");
        }

        return await CallAsync(async () =>
        {
            var grain = await FindLocalAsync(pid, body, link, grains).ConfigureAwait(false);
            if (grain is null)
            {
                return Answer(AgentRestCodes.NoSuchAgent, $"No agent serves that feature of product '{pid}' here.");
            }

            var current = await grain.Get().ConfigureAwait(false);
            if (body.Mode is not null && current is not null && AgentViews.ParseMode(body.Mode) != current.Mode)
            {
                return Answer(AgentRestCodes.ModeConflict, $"The agent serves '{current.Feature}' in {AgentViews.ModeName(current.Mode)} mode.");
            }

            await grain.Release(count, body.Force == "true", cancellationToken).ConfigureAwait(false);
            AgentRestLog.LogInformationAgentReleased(Logger(loggers), count?.ToString(CultureInfo.InvariantCulture) ?? "all", pid, current?.LicenseId ?? "?", current?.Feature ?? body.FeatureName ?? "?", body.Force == "true", caller!);
            return Answer(AgentRestCodes.Ok, "");
        }, Logger(loggers), request).ConfigureAwait(false);
    }

    private static async Task<IResult> GetAsync(string pwd, string pid, HttpRequest request, AdminToken token, IGrainFactory grains, CancellationToken cancellationToken)
    {
        var (body, _, refusal) = await ReadAsync(pwd, request, token, cancellationToken).ConfigureAwait(false);
        if (refusal is not null)
        {
            return refusal;
        }

        var agents = new List<AgentView>();
        foreach (var entry in await grains.GetGrain<IAgentDirectoryGrain>(IAgentDirectoryGrain.Key).List().ConfigureAwait(false))
        {
            if (entry.Role == "downstream" && await grains.GetGrain<IDownstreamAgentGrain>(entry.AgentKey).Get().ConfigureAwait(false) is { } agreement
                && agreement.Product == pid
                && (body!.FeatureName is null || agreement.Feature == body.FeatureName))
            {
                agents.Add(AgentViews.Of(agreement));
            }
        }

        return Results.Json(new AgentRestAnswer(AgentRestCodes.Ok, "", agents), AgentJsonContext.Default.AgentRestAnswer);
    }

    private static async Task<(AgentRestBody? Body, string? Caller, IResult? Refusal)> ReadAsync(string pwd, HttpRequest request, AdminToken token, CancellationToken cancellationToken)
    {
        // Guessing the token through these URLs is throttled like the admin API's Bearer token (#14 item 2); the
        // throttle is taken from the request's services so the three routes keep the seed's parameter lists.
        var throttle = request.HttpContext.RequestServices.GetRequiredService<AdminThrottle>();
        var address = request.HttpContext.Connection.RemoteIpAddress ?? IPAddress.None;
        var path = AccessLogMiddleware.WithoutCredential(request.Path.Value ?? "/");
        if (throttle.IsRefused(address, out var retryAfterSeconds))
        {
            request.HttpContext.Response.Headers.RetryAfter = retryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            return (null, null, Answer(AgentRestCodes.BadCredential, $"Too many wrong credentials from this address; try again in {retryAfterSeconds} s."));
        }

        // The grid's admin token, or a named admin's own token (#15 item 4), so that the log names who added an agent.
        var caller = token.Matches(pwd) ? AdminCaller.SharedToken : null;
        if (caller is null && pwd.Length > 0)
        {
            var rules = request.HttpContext.RequestServices.GetRequiredService<AccessRules>();
            caller = NamedAdmins.Find((await rules.CurrentAsync(cancellationToken).ConfigureAwait(false)).Admins, pwd);
        }

        if (caller is null)
        {
            throttle.RecordFailure(address, path);
            return (null, null, Answer(AgentRestCodes.BadCredential, "The <pwd> of the URL is neither this silo's admin token nor a named admin's token."));
        }

        throttle.RecordSuccess(address);
        if (await DeniedAsync(request.HttpContext, caller, cancellationToken).ConfigureAwait(false) is { } denied)
        {
            return (null, null, denied);
        }

        var (body, error) = AgentRestBody.Parse(await AgentRestBody.ReadTextAsync(request, cancellationToken).ConfigureAwait(false));
        return body is null ? (null, null, Answer(AgentRestCodes.BadRequest, error!)) : (body, caller, null);
    }

    // The <pwd> is an admin credential, so the admin API's channel rule and access rules (#15 items 3 and 4) apply here too.
    private static async Task<IResult?> DeniedAsync(HttpContext http, string caller, CancellationToken cancellationToken)
    {
        if (http.RequestServices.GetRequiredService<PlainHttpRule>().Refuses(http))
        {
            return Answer(AgentRestCodes.Denied, PlainHttpRule.Detail);
        }

        var rules = http.RequestServices.GetRequiredService<AccessRules>();
        var who = caller == AdminCaller.SharedToken
            ? new ClaimsPrincipal()
            : new ClaimsPrincipal(new ClaimsIdentity([new Claim(NamedAdmins.ClaimType, caller)]));
        var address = Security.Access.ClientAddress.Of(http);
        var list = await rules.CurrentAsync(cancellationToken).ConfigureAwait(false);
        if (await rules.FirstMatchAsync(list.Rules, who, address, cancellationToken).ConfigureAwait(false) is { Allow: false } rule)
        {
            var from = address?.ToString() ?? "this computer";
            return Answer(AgentRestCodes.Denied, $"Access rule {rule.Id} ({AccessRuleText.Describe(rule)}) denies this call by {caller} from {from}.");
        }

        return null;
    }

    private static async Task<IDownstreamAgentGrain> ResolveAsync(string pid, AgentRestBody body, IAgentUpstreamLink link, IGrainFactory grains, CancellationToken cancellationToken)
    {
        if (body.Fid is null && body.FeatureName is null)
        {
            throw LicensingException.BadRequest("Give fid or featureName.");
        }

        var feature = await link.ResolveAsync(pid, body.Fid, body.FeatureName, cancellationToken).ConfigureAwait(false);
        return grains.GetGrain<IDownstreamAgentGrain>(AgentKey.Of(feature.LicenseId, feature.Feature, link.AgentId!));
    }

    // A release must work while the upstream is unreachable too, so the agreement is found locally first.
    private static async Task<IDownstreamAgentGrain?> FindLocalAsync(string pid, AgentRestBody body, IAgentUpstreamLink link, IGrainFactory grains)
    {
        if (body.Fid is null && body.FeatureName is null)
        {
            throw LicensingException.BadRequest("Give fid or featureName.");
        }

        if (body.FeatureName is null)
        {
            return await ResolveAsync(pid, body, link, grains, CancellationToken.None).ConfigureAwait(false);
        }

        foreach (var entry in await grains.GetGrain<IAgentDirectoryGrain>(IAgentDirectoryGrain.Key).List().ConfigureAwait(false))
        {
            var grain = grains.GetGrain<IDownstreamAgentGrain>(entry.AgentKey);
            if (entry.Role == "downstream" && await grain.Get().ConfigureAwait(false) is { } a && a.Product == pid && a.Feature == body.FeatureName
                && a.Status is AgentStatus.Active or AgentStatus.Stopped)
            {
                return grain;
            }
        }

        return null;
    }

    private static async Task<IResult> CallAsync(Func<Task<IResult>> call, ILogger logger, HttpRequest request)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (AgentLinkException ex)
        {
            return Answer(AgentRestCodes.FromErrorCode(ex.Code), ex.Message);
        }
        catch (LicensingException ex)
        {
            return Answer(ex.Code == OrleansLicense.Contracts.Errors.ErrorCodes.NotFound ? AgentRestCodes.NoSuchAgent : AgentRestCodes.FromErrorCode(ex.Code), ex.Message);
        }
        catch (Exception ex) when (!request.HttpContext.RequestAborted.IsCancellationRequested)
        {
            // The seed's callers read {code, errMsg}, never problem details: anything else is code 15, its kind named,
            // the stack trace only in the silo's log.
            AgentRestLog.LogErrorAgentCallFailed(logger, ex, request.Path.Value is { } value ? AccessLogMiddleware.WithoutCredential(value) : "/rest");
            return Answer(AgentRestCodes.Other, $"The silo could not complete the call ({ex.GetType().Name}); its log has the details.");
        }
    }

    private static ILogger Logger(ILoggerFactory loggers) => loggers.CreateLogger(AdminEndpoints.LogCategory);

    private static bool TryCount(string? text, out int count)
        => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out count) && count is >= 1 and <= 1_000_000;

    private static IResult Answer(int code, string message)
        => Results.Json(new AgentRestAnswer(code, message), AgentJsonContext.Default.AgentRestAnswer, statusCode: AgentRestCodes.StatusOf(code));
}
