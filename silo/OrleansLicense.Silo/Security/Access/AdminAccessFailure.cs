using Microsoft.AspNetCore.Authorization;

namespace OrleansLicense.Silo.Security.Access;

/// <summary>Why <see cref="AdminAccessRequirement"/> refused a call: the API error code and the sentence for the caller.</summary>
internal sealed class AdminAccessFailure(IAuthorizationHandler handler, string code, string message)
    : AuthorizationFailureReason(handler, message)
{
    /// <summary>The stable error code (<c>https_required</c> or <c>forbidden</c>).</summary>
    public string Code { get; } = code;
}
