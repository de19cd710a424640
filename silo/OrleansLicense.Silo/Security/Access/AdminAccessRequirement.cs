using Microsoft.AspNetCore.Authorization;

namespace OrleansLicense.Silo.Security.Access;

/// <summary>
/// Part of the admin policy: the call comes over a channel that protects the token (HTTPS or this computer), and
/// the grid's access rules let this caller in from where it is (R-SEC-1).
/// </summary>
internal sealed class AdminAccessRequirement : IAuthorizationRequirement
{
    /// <summary>The one instance the admin policy carries.</summary>
    public static readonly AdminAccessRequirement Instance = new();
}
