using OrleansLicense.Contracts.Errors;
using OrleansLicense.Grains.Calls;
using OrleansLicense.Grains.Sessions;

namespace OrleansLicense.Grains.ClientGateway;

/// <summary>
/// Tells a session's kick observers (<see cref="ISessionWatchGrain"/>) when the server ends the session: after an
/// administrator's <see cref="ISessionGrain.Remove"/> and after a pool's <see cref="ISessionGrain.LeaseExpired"/>.
/// A call step, so the session grain itself knows nothing of Orleans clients; a client that logs out itself needs
/// no notice, and one kicked while heartbeating learns it from the heartbeat's answer too.
/// </summary>
internal sealed class SessionEndNotifier(IGrainFactory grains) : IIncomingCallStep
{
    public bool AppliesTo(IIncomingGrainCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.InterfaceMethod?.DeclaringType == typeof(ISessionGrain)
            && context.MethodName is nameof(ISessionGrain.Remove) or nameof(ISessionGrain.LeaseExpired);
    }

    public async Task Invoke(IIncomingGrainCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        await context.Invoke();

        // A call that left the session live ended nothing: a stale notice from the index of sessions without seats
        // (the session took seats again), or a refused removal.
        if (context.Grain is SessionGrain { IsLive: true })
        {
            return;
        }

        var sessionId = context.TargetId.Key.ToString();
        var detail = context.MethodName == nameof(ISessionGrain.Remove)
            ? $"Session '{sessionId}' was removed by an administrator."
            : $"Session '{sessionId}' was ended by the server (no heartbeat within the timeout).";
        await grains.GetGrain<ISessionWatchGrain>(sessionId).Ended(ErrorCodes.SessionExpired, detail);
    }
}
