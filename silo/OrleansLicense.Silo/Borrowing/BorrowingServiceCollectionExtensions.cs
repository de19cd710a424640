namespace OrleansLicense.Silo.Borrowing;

/// <summary>Registers what borrowing, usage exports and peak logs need in the host.</summary>
internal static class BorrowingServiceCollectionExtensions
{
    /// <summary>
    /// The server signing key: the data folder's (created on first start), replaced by the cluster's at start. Add it
    /// after the grain runtime: its hosted service calls a grain, so it must start after the runtime's.
    /// </summary>
    public static IServiceCollection AddServerSigningKey(this IServiceCollection services)
    {
        services.AddSingleton<ServerSigningKeyLoader>();
        services.AddHostedService(sp => sp.GetRequiredService<ServerSigningKeyLoader>());
        services.AddSingleton(sp => sp.GetRequiredService<ServerSigningKeyLoader>().Key);
        return services;
    }
}
