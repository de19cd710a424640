using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OrleansLicense.Runtime.Grains;
using OrleansLicense.Runtime.Persistence;
using OrleansLicense.Runtime.Storage;

namespace OrleansLicense.Runtime.Activation;

/// <summary>
/// Creates grain instances: constructor parameters marked <see cref="PersistentStateAttribute"/>
/// or <see cref="EventLogAttribute"/> get storage facets bound to the grain; the rest come from DI.
/// The reflection (attributes, generic types) is done once per grain class: a busy silo activates
/// a grain for every new session.
/// </summary>
internal sealed class GrainActivator(IServiceProvider services, GrainJsonOptions json, RuntimeOptionsSnapshot options)
{
    private static readonly MethodInfo StateFactory =
        typeof(GrainActivator).GetMethod(nameof(CreateState), BindingFlags.NonPublic | BindingFlags.Static)!;

    private static readonly MethodInfo LogFactory =
        typeof(GrainActivator).GetMethod(nameof(CreateLog), BindingFlags.NonPublic | BindingFlags.Static)!;

    private readonly ConcurrentDictionary<Type, ActivationPlan> _plans = new();

    // One constructor argument: given the activation, the facet list to add to and the services.
    private delegate object? ArgumentFactory(ActivationData activation, List<IGrainStorageFacet> facets);

    public (Grain Instance, IReadOnlyList<IGrainStorageFacet> Facets) Create(ActivationData activation)
    {
        var plan = _plans.GetOrAdd(activation.Type.GrainClass, BuildPlan);
        var arguments = new object?[plan.Arguments.Length];
        var facets = new List<IGrainStorageFacet>(plan.FacetCount);
        for (var i = 0; i < arguments.Length; i++)
        {
            arguments[i] = plan.Arguments[i](activation, facets);
        }

        var instance = (Grain)plan.Constructor.Invoke(BindingFlags.DoNotWrapExceptions, binder: null, arguments, culture: null);
        instance.Context = activation;
        return (instance, facets);
    }

    private ActivationPlan BuildPlan(Type grainClass)
    {
        var constructor = grainClass.GetConstructors().OrderByDescending(c => c.GetParameters().Length).FirstOrDefault()
            ?? throw new InvalidOperationException($"Grain class {grainClass.FullName} has no public constructor.");
        var parameters = constructor.GetParameters();
        var arguments = new ArgumentFactory[parameters.Length];
        var facetCount = 0;
        for (var i = 0; i < parameters.Length; i++)
        {
            var parameter = parameters[i];
            if (parameter.GetCustomAttribute<PersistentStateAttribute>() is { } stateAttribute)
            {
                arguments[i] = StateArgument(parameter.ParameterType, stateAttribute.StateName);
                facetCount++;
            }
            else if (parameter.GetCustomAttribute<EventLogAttribute>() is { } logAttribute)
            {
                arguments[i] = LogArgument(parameter.ParameterType, logAttribute);
                facetCount++;
            }
            else
            {
                var type = parameter.ParameterType;
                arguments[i] = (_, _) => services.GetRequiredService(type);
            }
        }

        return new ActivationPlan(constructor, arguments, facetCount);
    }

    private ArgumentFactory StateArgument(Type parameterType, string name)
    {
        if (!parameterType.IsGenericType || parameterType.GetGenericTypeDefinition() != typeof(IPersistentState<>))
        {
            throw new InvalidOperationException($"[PersistentState] parameter must be IPersistentState<T>, not {parameterType.Name}.");
        }

        var create = StateFactory.MakeGenericMethod(parameterType.GetGenericArguments())
            .CreateDelegate<Func<string, GrainId, IGrainStateStore, JsonSerializerOptions, IGrainStorageFacet>>();
        var store = services.GetRequiredService<IGrainStateStore>();
        return (activation, facets) =>
        {
            var facet = create(name, activation.GrainId, store, json.SerializerOptions);
            facets.Add(facet);
            return facet;
        };
    }

    private ArgumentFactory LogArgument(Type parameterType, EventLogAttribute attribute)
    {
        if (!parameterType.IsGenericType || parameterType.GetGenericTypeDefinition() != typeof(IEventLog<,>))
        {
            throw new InvalidOperationException($"[EventLog] parameter must be IEventLog<TState, TEvent>, not {parameterType.Name}.");
        }

        var create = LogFactory.MakeGenericMethod(parameterType.GetGenericArguments())
            .CreateDelegate<Func<string, GrainId, IEventLogStore, JsonSerializerOptions, TimeProvider, int, IGrainStorageFacet>>();
        var store = services.GetRequiredService<IEventLogStore>();
        var interval = attribute.SnapshotInterval > 0 ? attribute.SnapshotInterval : options.Value.SnapshotInterval;
        return (activation, facets) =>
        {
            var facet = create(attribute.LogName, activation.GrainId, store, json.SerializerOptions, activation.TimeProvider, interval);
            facets.Add(facet);
            return facet;
        };
    }

    private static IGrainStorageFacet CreateState<T>(string name, GrainId grainId, IGrainStateStore store, JsonSerializerOptions json)
        where T : class, new()
        => new PersistentState<T>(name, grainId, store, json);

    private static IGrainStorageFacet CreateLog<TState, TEvent>(string name, GrainId grainId, IEventLogStore store, JsonSerializerOptions json, TimeProvider clock, int snapshotInterval)
        where TState : class, IEventSourcedState<TEvent>, new()
        => new EventLog<TState, TEvent>(name, grainId, store, json, clock, snapshotInterval);

    private sealed record ActivationPlan(ConstructorInfo Constructor, ArgumentFactory[] Arguments, int FacetCount);
}
