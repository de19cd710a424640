using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Options;

namespace OrleansLicense.Silo.Hosting.Network;

/// <summary>Registers the network settings (section <c>Network</c>) and what follows from them.</summary>
internal static class NetworkServiceCollectionExtensions
{
    /// <summary>The options, their validation at start, and IPv6-only listen sockets.</summary>
    public static IServiceCollection AddNetwork(this IServiceCollection services)
    {
        services.AddOptions<NetworkOptions>().BindConfiguration(NetworkOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<NetworkOptions>, NetworkOptionsValidator>();
        services.AddSingleton<IConfigureOptions<SocketTransportOptions>, IPv6OnlySockets>();
        return services;
    }
}
