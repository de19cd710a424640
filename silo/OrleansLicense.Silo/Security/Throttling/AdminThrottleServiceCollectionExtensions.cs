using Microsoft.Extensions.Options;

namespace OrleansLicense.Silo.Security.Throttling;

/// <summary>Registers the admin token throttle and its options.</summary>
internal static class AdminThrottleServiceCollectionExtensions
{
    public static IServiceCollection AddAdminThrottle(this IServiceCollection services)
    {
        services.AddOptions<AdminThrottleOptions>()
            .BindConfiguration(AdminThrottleOptions.SectionName)
            .Validate(o => o.MaxFailures >= 1, $"{AdminThrottleOptions.SectionName}:{nameof(AdminThrottleOptions.MaxFailures)} must be at least 1.")
            .Validate(o => o.Window >= TimeSpan.FromSeconds(1), $"{AdminThrottleOptions.SectionName}:{nameof(AdminThrottleOptions.Window)} must be at least a second.")
            .Validate(o => o.MaxAddresses >= 1, $"{AdminThrottleOptions.SectionName}:{nameof(AdminThrottleOptions.MaxAddresses)} must be at least 1.")
            .ValidateOnStart();
        services.AddSingleton<AdminThrottle>();
        return services;
    }
}
