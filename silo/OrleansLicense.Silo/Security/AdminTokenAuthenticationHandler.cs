using System.Globalization;
using System.Net;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using OrleansLicense.Contracts.Errors;
using OrleansLicense.Silo.Errors;
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
    AdminThrottle throttle)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    private const string BearerPrefix = "Bearer ";

    // Set while a request's address is throttled, so the challenge answers 429 instead of 401.
    private static readonly object RetryAfterKey = new();

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

        // An address that sent too many wrong tokens is refused without looking at this one (#14 item 2); the
        // throttle logs at most a line per address and minute.
        var address = Context.Connection.RemoteIpAddress ?? IPAddress.None;
        if (throttle.IsRefused(address, out var retryAfterSeconds))
        {
            Context.Items[RetryAfterKey] = retryAfterSeconds;
            return Task.FromResult(AuthenticateResult.Fail("Too many wrong admin tokens from this address."));
        }

        if (!token.Matches(header[BearerPrefix.Length..].Trim()))
        {
            throttle.RecordFailure(address, Request.Path);
            return Task.FromResult(AuthenticateResult.Fail("The admin token is wrong."));
        }

        throttle.RecordSuccess(address);

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
