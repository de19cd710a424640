using Microsoft.Extensions.Logging;
using OrleansLicense.Runtime.Filters;
using OrleansLicense.Runtime.Grains;
using OrleansLicense.Runtime.Hosting;
using OrleansLicense.Runtime.Reminders;

namespace OrleansLicense.Runtime.Activation;

/// <summary>The silo-wide services every activation uses, bundled so an activation holds one reference.</summary>
internal sealed class ActivationServices(
    IGrainFactory grainFactory,
    TimeProvider timeProvider,
    RuntimeOptionsSnapshot options,
    ILogger<ActivationData> logger,
    GrainActivator activator,
    Lazy<Catalog> catalog,
    ReminderService reminders,
    CallStatistics statistics,
    Directory.IActivationDirectory directory,
    IEnumerable<IIncomingGrainCallFilter> filters)
{
    public IGrainFactory GrainFactory => grainFactory;

    public TimeProvider TimeProvider => timeProvider;

    public RuntimeOptions Options => options.Value;

    public ILogger Logger => logger;

    public GrainActivator Activator => activator;

    public Catalog Catalog => catalog.Value;

    public ReminderService Reminders => reminders;

    public CallStatistics Statistics => statistics;

    public Directory.IActivationDirectory Directory => directory;

    public IReadOnlyList<IIncomingGrainCallFilter> Filters { get; } = [.. filters];
}
