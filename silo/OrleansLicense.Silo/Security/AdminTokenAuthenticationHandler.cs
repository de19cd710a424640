using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using OrleansLicense.Contracts.Errors;
using OrleansLicense.Silo.Errors;
using OrleansLicense.Silo.Logging;

namespace OrleansLicense.Silo.Security;

/// <summary>
/// Authenticates admin calls by the bearer token of the data folder's <c>admin.token</c>, and
/// answers a missing or wrong token with 401 problem details (code <c>unauthorized</c>). Requests to the
/// Orleans Dashboard may instead carry the console's <see cref="OrleansDashboardCookie"/>.
/// </summary>
internal sealed class AdminTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    AdminToken token,
    OrleansDashboardCookie dashboardCookie)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    private const string BearerPrefix = "Bearer ";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header) || !header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
        {
            // A page load of the Orleans Dashboard cannot send the header: there the console's cookie counts too.
            return Task.FromResult(OrleansDashboardCookie.Covers(Request) && dashboardCookie.IsValid(Request)
                ? Admin()
                : AuthenticateResult.NoResult());
        }

        if (!token.Matches(header[BearerPrefix.Length..].Trim()))
        {
            SiloLog.LogWarningAdminTokenRejected(Logger, Context.Connection.RemoteIpAddress?.ToString() ?? "(unknown)", Request.Path);
            return Task.FromResult(AuthenticateResult.Fail("The admin token is wrong."));
        }

        return Task.FromResult(Admin());
    }

    private static AuthenticateResult Admin()
    {
        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, AdminAuthentication.Role), new Claim(ClaimTypes.Role, AdminAuthentication.Role)],
            AdminAuthentication.Scheme);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), AdminAuthentication.Scheme));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Bearer";
        return ApiProblems.WriteAsync(
            Context,
            ErrorCodes.Unauthorized,
            "This call needs 'Authorization: Bearer <admin token>'; the token is in the silo's data folder (admin.token).");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
        => ApiProblems.WriteAsync(Context, ErrorCodes.Forbidden, "The admin token does not allow this call.");
}
