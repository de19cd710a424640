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
/// Every other call goes straight through.
/// </summary>
internal sealed class SessionClientCallFilter(SiloAnnouncement self) : IIncomingGrainCallFilter
{
    private readonly Lazy<string> _gateway = new(() => self.OrleansGateway);

    public Task Invoke(IIncomingGrainCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.InterfaceMethod?.DeclaringType == typeof(ISessionClientGrain) ? InvokeForClientAsync(context) : context.Invoke();
    }

    private async Task InvokeForClientAsync(IIncomingGrainCallContext context)
    {
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
