using OrleansLicense.Silo.Configuration;

namespace OrleansLicense.Silo.Borrowing;

/// <summary>Registers what borrowing, usage exports and peak logs need in the host.</summary>
internal static class BorrowingServiceCollectionExtensions
{
    /// <summary>The server signing key from the data folder (created on first start).</summary>
    public static IServiceCollection AddServerSigningKey(this IServiceCollection services)
    {
        services.AddSingleton(sp => new ServerSigningKey(ServerKeyFile.LoadOrCreate(Path.Combine(sp.GetRequiredService<DataFolder>().Root, ServerKeyFile.FileName))));
        services.AddHostedService<ServerSigningKeyLoader>();
        return services;
    }
}
