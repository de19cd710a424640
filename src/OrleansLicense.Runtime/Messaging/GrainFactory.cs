using System.Collections.Concurrent;
using System.Reflection;
using OrleansLicense.Runtime.Activation;
using OrleansLicense.Runtime.Grains;

namespace OrleansLicense.Runtime.Messaging;

/// <summary>Makes grain references over the configured invoker.</summary>
internal sealed class GrainFactory(GrainTypeRegistry registry, IGrainCallInvoker invoker) : IGrainFactory
{
    private static readonly MethodInfo CreateProxy = typeof(DispatchProxy)
        .GetMethods(BindingFlags.Public | BindingFlags.Static)
        .Single(m => m.Name == nameof(DispatchProxy.Create) && m.IsGenericMethodDefinition && m.GetGenericArguments().Length == 2);

    private readonly ConcurrentDictionary<MethodInfo, GrainMethod> _methods = new();

    public TGrainInterface GetGrain<TGrainInterface>(string key)
        where TGrainInterface : IGrain
    {
        ArgumentNullException.ThrowIfNull(key);
        var type = registry.ForInterface(typeof(TGrainInterface));
        return GetGrain<TGrainInterface>(new GrainId(type.Name, key));
    }

    public TGrainInterface GetGrain<TGrainInterface>(GrainId grainId)
        where TGrainInterface : IGrain
    {
        var proxy = DispatchProxy.Create<TGrainInterface, GrainReferenceProxy>();
        ((GrainReferenceProxy)(object)proxy!).Initialize(grainId, invoker, _methods);
        return proxy;
    }

    /// <summary>Used where only the interface type is known at run time.</summary>
    public IGrain GetGrain(Type grainInterface, GrainId grainId)
    {
        var proxy = (IGrain)CreateProxy.MakeGenericMethod(grainInterface, typeof(GrainReferenceProxy)).Invoke(null, null)!;
        ((GrainReferenceProxy)proxy).Initialize(grainId, invoker, _methods);
        return proxy;
    }
}
