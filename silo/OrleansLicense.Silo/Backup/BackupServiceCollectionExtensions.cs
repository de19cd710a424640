using OrleansLicense.Grains.Backup;

namespace OrleansLicense.Silo.Backup;

/// <summary>The backup relationship in the silo: options (section <c>Backup</c>), the link over HTTP, the per-silo copy and the routes' JSON.</summary>
internal static class BackupServiceCollectionExtensions
{
    public static IServiceCollection AddBackupRelationship(this IServiceCollection services)
    {
        services.AddOptions<BackupOptions>().BindConfiguration(BackupOptions.SectionName);
        services.AddHttpClient<PartnerHttp>();
        services.AddTransient<IBackupPartnerLink, HttpBackupPartnerLink>();
        services.AddSingleton<BackupSettingsCodec>();
        services.AddSingleton<BackupSnapshot>();
        services.AddTransient<BackupSetup>();
        services.AddHostedService<BackupRefresher>();
        services.ConfigureHttpJsonOptions(options => options.SerializerOptions.TypeInfoResolverChain.Insert(0, BackupJsonContext.Default));
        return services;
    }
}
