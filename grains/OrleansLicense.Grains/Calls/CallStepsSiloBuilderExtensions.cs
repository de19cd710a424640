using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace OrleansLicense.Grains.Calls;

/// <summary>Adds steps to the silo's single incoming grain call filter.</summary>
public static class CallStepsSiloBuilderExtensions
{
    /// <summary>Adds <typeparamref name="TStep"/> after the steps added before it.</summary>
    /// <typeparam name="TStep">The step, a singleton built from the silo's services.</typeparam>
    /// <param name="builder">The silo builder.</param>
    /// <returns>The same builder.</returns>
    public static ISiloBuilder AddIncomingCallStep<TStep>(this ISiloBuilder builder)
        where TStep : class, IIncomingCallStep
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<IIncomingCallStep, TStep>();
        return builder.AddIncomingCallSteps();
    }

    /// <summary>Adds the step <paramref name="create"/> makes, after the steps added before it.</summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="create">Makes the step from the silo's services, once.</param>
    /// <returns>The same builder.</returns>
    public static ISiloBuilder AddIncomingCallStep(this ISiloBuilder builder, Func<IServiceProvider, IIncomingCallStep> create)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton(create);
        return builder.AddIncomingCallSteps();
    }

    private static ISiloBuilder AddIncomingCallSteps(this ISiloBuilder builder)
    {
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IIncomingGrainCallFilter, IncomingCallSteps>());
        return builder;
    }
}
