using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using OrleansLicense.Runtime.Activation;
using OrleansLicense.Runtime.Filters;
using OrleansLicense.Runtime.Persistence;

namespace OrleansLicense.Runtime.Hosting;

/// <summary>Configures the runtime: which grains it hosts, filters, JSON settings.</summary>
public sealed class RuntimeBuilder
{
    private readonly List<Type> _grainClasses = [];

    internal RuntimeBuilder(IServiceCollection services) => Services = services;

    /// <summary>The service collection, for storage providers and grain dependencies.</summary>
    public IServiceCollection Services { get; }

    internal IReadOnlyList<Type> GrainClasses => _grainClasses;

    /// <summary>Hosts every grain class of an assembly.</summary>
    public RuntimeBuilder AddGrains(Assembly assembly)
    {
        _grainClasses.AddRange(GrainTypeRegistry.FindGrainClasses(assembly));
        return this;
    }

    /// <summary>Hosts one grain class.</summary>
    public RuntimeBuilder AddGrain<TGrain>()
        where TGrain : Grains.Grain
    {
        _grainClasses.Add(typeof(TGrain));
        return this;
    }

    /// <summary>Adds a filter that runs around every incoming grain call.</summary>
    public RuntimeBuilder AddIncomingCallFilter<TFilter>()
        where TFilter : class, IIncomingGrainCallFilter
    {
        Services.AddSingleton<IIncomingGrainCallFilter, TFilter>();
        return this;
    }

    /// <summary>Changes the JSON settings of grain state and events (e.g. add a source-generated context).</summary>
    public RuntimeBuilder ConfigureJson(Action<System.Text.Json.JsonSerializerOptions> configure)
    {
        Services.AddSingleton(new JsonConfiguration(configure));
        return this;
    }

    internal sealed record JsonConfiguration(Action<System.Text.Json.JsonSerializerOptions> Configure);

    internal static GrainJsonOptions BuildJson(IEnumerable<JsonConfiguration> configurations)
    {
        var json = new GrainJsonOptions();
        foreach (var configuration in configurations)
        {
            configuration.Configure(json.SerializerOptions);
        }

        return json;
    }
}
