using OrleansLicense.Grains.Calls;
using OrleansLicense.Grains.ClientGateway;
using OrleansLicense.Grains.Errors;
using OrleansLicense.Silo.Endpoints.Gateway;
using OrleansLicense.Silo.Errors;
using OrleansLicense.Silo.Hosting;

namespace OrleansLicense.Silo.ClientGateway;

/// <summary>
/// The edge of the Orleans clients' direct session calls (<see cref="ISessionClientGrain"/>), as
/// <see cref="ClientGatewayGrain"/> is for the others: a malformed session id is unknown, a refusal travels as a
/// <see cref="ClientCallException"/> with the HTTP API's code and status, and an answer names this silo's gateway.
/// A call step for those calls only.
/// </summary>
internal sealed class SessionClientCallStep(SiloAnnouncement self) : IIncomingCallStep
{
    private readonly Lazy<string> _gateway = new(() => self.OrleansGateway);

    public bool AppliesTo(IIncomingGrainCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.InterfaceMethod?.DeclaringType == typeof(ISessionClientGrain);
    }

    public async Task Invoke(IIncomingGrainCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            var id = context.TargetId.Key.ToString();
            if (!SessionIds.IsWellFormed(id))
            {
                throw LicensingException.NotFound($"There is no session '{id}'.");
            }

            await context.Invoke();
        }
        catch (LicensingException e)
        {
            throw new ClientCallException(e.Code, ErrorStatus.StatusOf(e.Code), e.Message);
        }

        if (context.Result is ClientHeartbeat answer)
        {
            context.Result = answer with { Gateway = _gateway.Value };
        }
    }
}
