using Microsoft.AspNetCore.Authorization;

namespace OrleansLicense.Silo.Security.Access;

/// <summary>Registers the admin access checks (issue #15 items 3 and 4).</summary>
internal static class AdminAccessServiceCollectionExtensions
{
    /// <summary>The checks behind <see cref="AdminAccessRequirement"/> and their answers.</summary>
    public static IServiceCollection AddAdminAccess(this IServiceCollection services)
    {
        services.AddSingleton<PlainHttpRule>();
        services.AddSingleton<AccessRules>();
        services.AddSingleton<IAuthorizationHandler, AdminAccessHandler>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, AdminAccessResultHandler>();
        return services;
    }
}
