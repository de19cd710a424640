using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using OrleansLicense.Contracts.Errors;
using OrleansLicense.Silo.Errors;

namespace OrleansLicense.Silo.Security.Access;

/// <summary>
/// Answers a refusal of <see cref="AdminAccessRequirement"/> with its own problem (403 <c>https_required</c>, 403
/// <c>forbidden</c> naming the rule); everything else goes to ASP.NET Core's default handling (401, 403).
/// </summary>
internal sealed class AdminAccessResultHandler(PlainHttpRule plainHttp) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        var guarded = policy.Requirements.Contains(AdminAccessRequirement.Instance);
        if (guarded && authorizeResult.Forbidden
            && authorizeResult.AuthorizationFailure?.FailureReasons.OfType<AdminAccessFailure>().FirstOrDefault() is { } failure)
        {
            return ApiProblems.WriteAsync(context, failure.Code, failure.Message);
        }

        // Without a valid token the call is refused for the channel first: asking for the token over plain HTTP from
        // another computer would invite it across the network in clear text.
        if (guarded && authorizeResult.Challenged && plainHttp.Refuses(context))
        {
            return ApiProblems.WriteAsync(context, ErrorCodes.HttpsRequired, PlainHttpRule.Detail);
        }

        return _default.HandleAsync(next, context, policy, authorizeResult);
    }
}
