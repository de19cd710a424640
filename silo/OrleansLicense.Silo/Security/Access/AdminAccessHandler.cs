using Microsoft.AspNetCore.Authorization;
using OrleansLicense.Contracts.Errors;

namespace OrleansLicense.Silo.Security.Access;

/// <summary>Decides <see cref="AdminAccessRequirement"/> for a call of the admin policy.</summary>
internal sealed class AdminAccessHandler(PlainHttpRule plainHttp) : AuthorizationHandler<AdminAccessRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, AdminAccessRequirement requirement)
    {
        // Endpoint routing passes the request as the resource; anything else is not a call this rule knows.
        if (context.Resource is not HttpContext http)
        {
            context.Fail();
            return Task.CompletedTask;
        }

        if (plainHttp.Refuses(http))
        {
            context.Fail(new AdminAccessFailure(this, ErrorCodes.HttpsRequired, PlainHttpRule.Detail));
            return Task.CompletedTask;
        }

        context.Succeed(requirement);
        return Task.CompletedTask;
    }
}
