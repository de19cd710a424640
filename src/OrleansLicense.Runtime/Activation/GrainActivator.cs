using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using OrleansLicense.Runtime.Grains;
using OrleansLicense.Runtime.Persistence;
using OrleansLicense.Runtime.Storage;

namespace OrleansLicense.Runtime.Activation;

/// <summary>
/// Creates grain instances: constructor parameters marked <see cref="PersistentStateAttribute"/>
/// or <see cref="EventLogAttribute"/> get storage facets bound to the grain; the rest come from DI.
/// </summary>
internal sealed class GrainActivator(IServiceProvider services, GrainJsonOptions json, RuntimeOptionsSnapshot options)
{
    private readonly ConcurrentDictionary<Type, ConstructorInfo> _constructors = new();

    public (Grain Instance, IReadOnlyList<IGrainStorageFacet> Facets) Create(ActivationData activation)
    {
        var constructor = _constructors.GetOrAdd(activation.Type.GrainClass, static t =>
            t.GetConstructors().OrderByDescending(c => c.GetParameters().Length).FirstOrDefault()
            ?? throw new InvalidOperationException($"Grain class {t.FullName} has no public constructor."));
        var parameters = constructor.GetParameters();
        var arguments = new object?[parameters.Length];
        var facets = new List<IGrainStorageFacet>();
        for (var i = 0; i < parameters.Length; i++)
        {
            var parameter = parameters[i];
            if (parameter.GetCustomAttribute<PersistentStateAttribute>() is { } stateAttribute)
            {
                var facet = CreatePersistentState(parameter.ParameterType, stateAttribute.StateName, activation.GrainId);
                facets.Add(facet);
                arguments[i] = facet;
            }
            else if (parameter.GetCustomAttribute<EventLogAttribute>() is { } logAttribute)
            {
                var facet = CreateEventLog(parameter.ParameterType, logAttribute, activation);
                facets.Add(facet);
                arguments[i] = facet;
            }
            else
            {
                arguments[i] = services.GetRequiredService(parameter.ParameterType);
            }
        }

        var instance = (Grain)constructor.Invoke(BindingFlags.DoNotWrapExceptions, binder: null, arguments, culture: null);
        instance.Context = activation;
        return (instance, facets);
    }

    private IGrainStorageFacet CreatePersistentState(Type parameterType, string name, GrainId grainId)
    {
        if (!parameterType.IsGenericType || parameterType.GetGenericTypeDefinition() != typeof(IPersistentState<>))
        {
            throw new InvalidOperationException($"[PersistentState] parameter must be IPersistentState<T>, not {parameterType.Name}.");
        }

        var stateType = typeof(PersistentState<>).MakeGenericType(parameterType.GetGenericArguments());
        return (IGrainStorageFacet)Activator.CreateInstance(stateType, name, grainId, services.GetRequiredService<IGrainStateStore>(), json.SerializerOptions)!;
    }

    private IGrainStorageFacet CreateEventLog(Type parameterType, EventLogAttribute attribute, ActivationData activation)
    {
        if (!parameterType.IsGenericType || parameterType.GetGenericTypeDefinition() != typeof(IEventLog<,>))
        {
            throw new InvalidOperationException($"[EventLog] parameter must be IEventLog<TState, TEvent>, not {parameterType.Name}.");
        }

        var logType = typeof(EventLog<,>).MakeGenericType(parameterType.GetGenericArguments());
        var interval = attribute.SnapshotInterval > 0 ? attribute.SnapshotInterval : options.Value.SnapshotInterval;
        return (IGrainStorageFacet)Activator.CreateInstance(
            logType,
            attribute.LogName,
            activation.GrainId,
            services.GetRequiredService<IEventLogStore>(),
            json.SerializerOptions,
            activation.TimeProvider,
            interval)!;
    }
}
