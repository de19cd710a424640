namespace OrleansLicense.Silo.Triad;

/// <summary>Registers the triad's admin API JSON (the grain side is <c>AddTriad</c> on the silo builder).</summary>
internal static class TriadServiceCollectionExtensions
{
    public static IServiceCollection AddTriadApi(this IServiceCollection services)
    {
        services.AddHttpClient<TriadLicenseMover>();
        services.ConfigureHttpJsonOptions(options => options.SerializerOptions.TypeInfoResolverChain.Insert(0, TriadJsonContext.Default));
        return services;
    }
}
