using OrleansLicense.Grains.Agents;
using OrleansLicense.Silo.Endpoints.Agents;

namespace OrleansLicense.Silo.Agents;

/// <summary>Second-level agents in the silo: options (section <c>Agent</c>), the upstream link and the routes' JSON.</summary>
internal static class AgentServiceCollectionExtensions
{
    public static IServiceCollection AddAgents(this IServiceCollection services)
    {
        services.AddOptions<AgentOptions>().BindConfiguration(AgentOptions.SectionName);
        services.AddHttpClient<IAgentUpstreamLink, HttpUpstreamLink>();
        services.AddHostedService<AgentStartup>();
        services.ConfigureHttpJsonOptions(options => options.SerializerOptions.TypeInfoResolverChain.Insert(0, AgentJsonContext.Default));
        return services;
    }
}
