using Microsoft.Extensions.DependencyInjection;
using OrleansLicense.Storage.EventLogs;

namespace OrleansLicense.Grains.Tests.Support;

/// <summary>Puts a test's wrapper around the silo's event log store (call after the storage is added).</summary>
internal static class EventLogStoreWrap
{
    public static void Install(IServiceCollection services, Func<IEventLogStore, IEventLogStore> wrap)
    {
        var original = services.Last(d => d.ServiceType == typeof(IEventLogStore));
        services.Remove(original);
        services.AddSingleton(sp => wrap(Create(sp, original)));
    }

    private static IEventLogStore Create(IServiceProvider services, ServiceDescriptor original)
        => original.ImplementationInstance as IEventLogStore
            ?? (IEventLogStore?)original.ImplementationFactory?.Invoke(services)
            ?? (IEventLogStore)ActivatorUtilities.CreateInstance(services, original.ImplementationType!);
}
