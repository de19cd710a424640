using System.Globalization;
using System.Net;
using OrleansLicense.Contracts.Errors;
using OrleansLicense.Silo.Errors;
using OrleansLicense.Silo.Security.Throttling;

namespace OrleansLicense.Silo.Peers;

/// <summary>
/// The routes another server calls with a credential of its own in the <c>Authorization: Bearer</c> header (the
/// backup partner's relationship credential, an agent's credential), not an admin token. The admin token's
/// authentication leaves them alone, so a partner's or an agent's every call is not counted as a wrong admin token;
/// wrong credentials on them count in the same per-address throttle instead (#14 item 2), once each.
/// </summary>
internal static class PeerCredentialRoutes
{
    /// <summary>Marks <paramref name="group"/> as carrying a peer's credential.</summary>
    public static RouteGroupBuilder CarriesPeerCredential(this RouteGroupBuilder group) => group.WithMetadata(Marker.Instance);

    /// <summary>True when the request's endpoint carries a peer's credential.</summary>
    public static bool Carries(HttpContext http) => http.GetEndpoint()?.Metadata.GetMetadata<Marker>() is not null;

    /// <summary>429 too_many_requests with Retry-After while the caller's address sent too many wrong credentials; else null.</summary>
    public static IResult? Throttled(HttpContext http)
    {
        if (!Throttle(http).IsRefused(Address(http), out var retryAfterSeconds))
        {
            return null;
        }

        http.Response.Headers.RetryAfter = retryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        return ApiProblems.Result(ErrorCodes.TooManyRequests, $"Too many calls with a wrong credential came from this address; try again in {retryAfterSeconds} s.");
    }

    /// <summary>Counts a wrong credential from the caller's address (a call without any is not a guess).</summary>
    public static void RecordFailure(HttpContext http) => Throttle(http).RecordFailure(Address(http), http.Request.Path);

    /// <summary>Notes a right credential (the throttle's log starts afresh for the address).</summary>
    public static void RecordSuccess(HttpContext http) => Throttle(http).RecordSuccess(Address(http));

    private static AdminThrottle Throttle(HttpContext http) => http.RequestServices.GetRequiredService<AdminThrottle>();

    private static IPAddress Address(HttpContext http) => http.Connection.RemoteIpAddress ?? IPAddress.None;

    private sealed class Marker
    {
        public static readonly Marker Instance = new();
    }
}
