namespace OrleansLicense.Silo.AccessLog;

/// <summary>Registers the access log (R-OPS-1, issue #15 item 5).</summary>
internal static class AccessLogServiceCollectionExtensions
{
    /// <summary>The marker switch and the background writer.</summary>
    public static IServiceCollection AddAccessLog(this IServiceCollection services)
    {
        services.AddSingleton<AccessLogSwitch>();
        services.AddHostedService(sp => sp.GetRequiredService<AccessLogSwitch>());
        services.AddSingleton<AccessLogWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<AccessLogWriter>());
        return services;
    }
}
