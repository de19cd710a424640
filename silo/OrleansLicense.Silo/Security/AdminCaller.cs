using System.Security.Claims;
using OrleansLicense.Silo.Security.Access;

namespace OrleansLicense.Silo.Security;

/// <summary>
/// Who made an admin call, as the log lines of admin actions name them (issue #15 item 4: "named admins get their own
/// tokens, so that the logs say who did what"): a named admin's name, or "admin token" for the grid's shared token.
/// </summary>
internal static class AdminCaller
{
    /// <summary>How the log names a call made with the grid's shared admin token (admin.token).</summary>
    public const string SharedToken = "admin token";

    /// <summary>The caller of an authenticated admin request, from the claims the admin authentication set.</summary>
    public static string Of(ClaimsPrincipal user) => user.FindFirst(NamedAdmins.ClaimType)?.Value ?? SharedToken;
}
