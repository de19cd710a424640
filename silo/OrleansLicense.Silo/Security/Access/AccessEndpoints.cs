using System.Security.Claims;
using OrleansLicense.Contracts;
using OrleansLicense.Contracts.Admin;
using OrleansLicense.Contracts.Errors;
using OrleansLicense.Grains.Access;
using OrleansLicense.Grains.Errors;
using OrleansLicense.Silo.Endpoints;
using OrleansLicense.Silo.Errors;

namespace OrleansLicense.Silo.Security.Access;

/// <summary><c>/api/v1/admin/access</c>: the grid's admin access rules and named admins (issue #15 item 4, R-SEC-1).</summary>
internal static class AccessEndpoints
{
    private const string LogCategory = "OrleansLicense.Silo.Admin";

    public static void MapAccessEndpoints(this IEndpointRouteBuilder routes)
    {
        var access = routes.MapGroup("/api/v1/admin/access").RequireAuthorization(AdminAuthentication.Policy).WithTags("Access");
        access.MapGet("", ListAsync)
            .WithName("ListAccessRules")
            .WithSummary("List the admin access rules and named admins")
            .WithDescription("The rules in order: the first rule matching the caller (who) and its address (where) decides; when none matches, the call is allowed.")
            .Produces<AccessListView>()
            .ProducesProblems(401, 403);

        access.MapPost("/rules", AddAsync)
            .WithName("AddAccessRule")
            .WithSummary("Add an admin access rule")
            .WithDescription("effect allow|deny; who everyone|token|admin:NAME; where any|this-computer|address|CIDR|host; position (1-based, default last). "
                + "A rule that would deny the caller's own calls is refused with 409 conflict unless force is true.")
            .Produces<AccessListView>()
            .ProducesProblems(400, 401, 403, 409);

        access.MapDelete("/rules/{id:int}", RemoveAsync)
            .WithName("RemoveAccessRule")
            .WithSummary("Remove an admin access rule")
            .WithDescription("Refused with 409 conflict when the remaining rules would deny the caller's own calls, unless ?force=true.")
            .Produces<AccessListView>()
            .ProducesProblems(401, 403, 404, 409);

        access.MapPost("/admins", AddAdminAsync)
            .WithName("AddNamedAdmin")
            .WithSummary("Make a named admin with a token of their own")
            .WithDescription("Answers the token once; only its hash is stored. A name already there gets a new token.")
            .Produces<NamedAdminCreated>(StatusCodes.Status201Created)
            .ProducesProblems(400, 401, 403);

        access.MapDelete("/admins/{name}", RemoveAdminAsync)
            .WithName("RemoveNamedAdmin")
            .WithSummary("Remove a named admin (their token stops working)")
            .Produces<AccessListView>()
            .ProducesProblems(401, 403, 404);
    }

    private static async Task<IResult> ListAsync(AccessRules rules, CancellationToken cancellationToken)
        => View(await rules.Grain.Get().ConfigureAwait(false));

    private static async Task<IResult> AddAsync(AccessRuleRequest? request, HttpContext http, AccessRules rules, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        if (request is null)
        {
            return ApiProblems.BadRequest("The body must be {\"effect\": \"allow\"|\"deny\", \"who\": …, \"where\": …}.");
        }

        var allow = request.Effect?.Trim().ToLowerInvariant() switch
        {
            "allow" => true,
            "deny" => false,
            _ => (bool?)null,
        };
        if (allow is null)
        {
            return ApiProblems.BadRequest($"effect must be allow or deny (was '{request.Effect}').");
        }

        var who = AccessRuleText.NormalizeWho(request.Who, out var whoProblem);
        var where = AccessRuleText.NormalizeWhere(request.Where, out var whereProblem);
        if (who is null || where is null)
        {
            return ApiProblems.BadRequest((whoProblem ?? whereProblem)!);
        }

        var current = await rules.Grain.Get().ConfigureAwait(false);
        if (request.Position is { } position && (position < 1 || position > current.Rules.Count + 1))
        {
            return ApiProblems.BadRequest($"position must be between 1 and {current.Rules.Count + 1} (was {position}).");
        }

        List<AccessRule> changed = [.. current.Rules];
        changed.Insert((request.Position ?? current.Rules.Count + 1) - 1, new AccessRule(0, allow.Value, who, where));
        return await ReplaceAsync(http, rules, current, changed, request.Force, loggers, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<IResult> RemoveAsync(int id, bool? force, HttpContext http, AccessRules rules, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var current = await rules.Grain.Get().ConfigureAwait(false);
        if (current.Rules.All(r => r.Id != id))
        {
            return ApiProblems.NotFound($"There is no access rule {id}.");
        }

        List<AccessRule> changed = [.. current.Rules.Where(r => r.Id != id)];
        return await ReplaceAsync(http, rules, current, changed, force == true, loggers, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stores the changed list unless it would deny the caller's own next call (the lock-out guard) and force is off.</summary>
    private static async Task<IResult> ReplaceAsync(
        HttpContext http, AccessRules rules, AccessList current, List<AccessRule> changed, bool force, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var address = ClientAddress.Of(http);
        if (!force && await rules.FirstMatchAsync(changed, http.User, address, cancellationToken).ConfigureAwait(false) is { Allow: false } lockout)
        {
            var rule = lockout.Id > 0 ? $"rule {lockout.Id}" : "the new rule";
            return ApiProblems.Result(
                ErrorCodes.Conflict,
                $"This change would lock you out: {rule} ({AccessRuleText.Describe(lockout)}) would deny your own calls from {address?.ToString() ?? "this computer"}. "
                + "Make it anyway with force (olic access … --force).");
        }

        var stored = await rules.Grain.ReplaceRules(current.Version, changed, cancellationToken).ConfigureAwait(false);
        rules.Remember(stored);
        AccessRulesLog.LogInformationRulesChanged(loggers.CreateLogger(LogCategory), Caller(http.User), string.Join("; ", stored.Rules.Select(r => $"{r.Id}: {AccessRuleText.Describe(r)}")));
        return View(stored);
    }

    private static async Task<IResult> AddAdminAsync(NamedAdminRequest? request, HttpContext http, AccessRules rules, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        if (request?.Name is not { } name || !NamedAdmins.IsValidName(name))
        {
            return ApiProblems.BadRequest($"name must be 1 to 64 letters, digits, '.', '-', '_' or '@' (was '{request?.Name}').");
        }

        var token = NamedAdmins.NewToken();
        rules.Remember(await rules.Grain.SetAdmin(new NamedAdmin(name, NamedAdmins.Hash(token)), cancellationToken).ConfigureAwait(false));
        AccessRulesLog.LogInformationAdminChanged(loggers.CreateLogger(LogCategory), name, "given a new token", Caller(http.User));
        return TypedResults.Json(new NamedAdminCreated(name, token), OperationsJsonContext.Default.NamedAdminCreated, statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> RemoveAdminAsync(string name, HttpContext http, AccessRules rules, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        AccessList stored;
        try
        {
            stored = await rules.Grain.RemoveAdmin(name, cancellationToken).ConfigureAwait(false);
        }
        catch (LicensingException ex) when (ex.Code == ErrorCodes.NotFound)
        {
            return ApiProblems.NotFound(ex.Message);
        }

        rules.Remember(stored);
        AccessRulesLog.LogInformationAdminChanged(loggers.CreateLogger(LogCategory), name, "removed", Caller(http.User));
        return View(stored);
    }

    private static string Caller(ClaimsPrincipal user) => AdminCaller.Of(user);

    private static IResult View(AccessList list) => TypedResults.Json(
        new AccessListView(
            [.. list.Rules.Select(r => new AccessRuleView(r.Id, r.Allow ? "allow" : "deny", r.Who, r.Where))],
            [.. list.Admins.Select(a => a.Name).Order(StringComparer.Ordinal)]),
        OperationsJsonContext.Default.AccessListView);
}
