using Microsoft.AspNetCore.Authorization;
using OrleansLicense.Contracts.Errors;

namespace OrleansLicense.Silo.Security.Access;

/// <summary>
/// Decides <see cref="AdminAccessRequirement"/> for a call of the admin policy: first the channel (item 3: HTTPS or this
/// computer), then the grid's access rules for the authenticated caller (item 4: the first matching rule decides).
/// </summary>
internal sealed class AdminAccessHandler(PlainHttpRule plainHttp, AccessRules rules, ILogger<AdminAccessHandler> logger)
    : AuthorizationHandler<AdminAccessRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, AdminAccessRequirement requirement)
    {
        // Endpoint routing passes the request as the resource; anything else is not a call this rule knows.
        if (context.Resource is not HttpContext http)
        {
            context.Fail();
            return;
        }

        if (plainHttp.Refuses(http))
        {
            context.Fail(new AdminAccessFailure(this, ErrorCodes.HttpsRequired, PlainHttpRule.Detail));
            return;
        }

        // Without credentials the other requirements refuse the call (401); rules are about who has them.
        if (context.User.Identity?.IsAuthenticated != true)
        {
            context.Succeed(requirement);
            return;
        }

        var address = ClientAddress.Of(http);
        var list = await rules.CurrentAsync(http.RequestAborted).ConfigureAwait(false);
        var rule = await rules.FirstMatchAsync(list.Rules, context.User, address, http.RequestAborted).ConfigureAwait(false);
        if (rule is { Allow: false })
        {
            var admin = context.User.Identity?.Name ?? "admin";
            var from = address?.ToString() ?? "this computer";
            AccessRulesLog.LogWarningDenied(logger, admin, from, http.Request.Path, rule.Id, AccessRuleText.Describe(rule));
            context.Fail(new AdminAccessFailure(
                this,
                ErrorCodes.Forbidden,
                $"Access rule {rule.Id} ({AccessRuleText.Describe(rule)}) denies this call by {admin} from {from}."));
            return;
        }

        context.Succeed(requirement);
    }
}
