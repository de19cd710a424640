using System.Globalization;
using System.Net;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using OrleansLicense.Contracts.Errors;
using OrleansLicense.Silo.Errors;
using OrleansLicense.Silo.Logging;
using OrleansLicense.Silo.Peers;
using OrleansLicense.Silo.Security.Access;
using OrleansLicense.Silo.Security.Throttling;

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
    OrleansDashboardCookie dashboardCookie,
    AdminThrottle throttle,
    AccessRules accessRules)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    private const string BearerPrefix = "Bearer ";

    // Set while a request's address is throttled, so the challenge answers 429 instead of 401.
    private static readonly object RetryAfterKey = new();

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (PeerCredentialRoutes.Carries(Context))
        {
            // Another server's credential, checked (and throttled) by its route: not an admin token, right or wrong.
            return AuthenticateResult.NoResult();
        }

        if (string.IsNullOrEmpty(header) || !header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
        {
            // A page load of the Orleans Dashboard cannot send the header: there the console's cookie counts too.
            return OrleansDashboardCookie.Covers(Request) && dashboardCookie.IsValid(Request)
                ? Admin(named: null)
                : AuthenticateResult.NoResult();
        }

        // An address that sent too many wrong tokens is refused without looking at this one (#14 item 2); the
        // throttle logs at most a line per address and minute.
        var address = Context.Connection.RemoteIpAddress ?? IPAddress.None;
        if (throttle.IsRefused(address, out var retryAfterSeconds))
        {
            Context.Items[RetryAfterKey] = retryAfterSeconds;
            return AuthenticateResult.Fail("Too many wrong admin tokens from this address.");
        }

        var presented = header[BearerPrefix.Length..].Trim();
        if (token.Matches(presented))
        {
            throttle.RecordSuccess(address);
            return Admin(named: null);
        }

        // A named admin's own token (issue #15 item 4): the logs then say who did what.
        if (presented.Length > 0
            && NamedAdmins.Find((await accessRules.CurrentAsync(Context.RequestAborted).ConfigureAwait(false)).Admins, presented) is { } name)
        {
            throttle.RecordSuccess(address);
            return Admin(name);
        }

        throttle.RecordFailure(address, Request.Path);
        return AuthenticateResult.Fail("The admin token is wrong.");
    }

    private static AuthenticateResult Admin(string? named)
    {
        List<Claim> claims = [new Claim(ClaimTypes.Name, named ?? AdminAuthentication.Role), new Claim(ClaimTypes.Role, AdminAuthentication.Role)];
        if (named is not null)
        {
            claims.Add(new Claim(NamedAdmins.ClaimType, named));
        }

        var identity = new ClaimsIdentity(claims, AdminAuthentication.Scheme);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), AdminAuthentication.Scheme));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (Context.Items[RetryAfterKey] is int retryAfterSeconds)
        {
            Response.Headers.RetryAfter = retryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            return ApiProblems.WriteAsync(
                Context,
                ErrorCodes.TooManyRequests,
                $"Too many admin calls with a wrong token came from this address; try again in {retryAfterSeconds} s.");
        }

        Response.Headers.WWWAuthenticate = "Bearer";
        return ApiProblems.WriteAsync(
            Context,
            ErrorCodes.Unauthorized,
            "This call needs 'Authorization: Bearer <admin token>'; the token is in the silo's data folder (admin.token).");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
        => ApiProblems.WriteAsync(Context, ErrorCodes.Forbidden, "The admin token does not allow this call.");
}
