namespace OrleansLicense.Grains.ClientGateway;

/// <summary>
/// The one session operation an Orleans client calls on the session itself (issue #13): its heartbeat, which the
/// HTTP gateway API answers for anyone who knows the session id (POST /api/v1/sessions/{id}/heartbeat). Key: the
/// session id. One grain call per heartbeat, where going through <see cref="IClientGatewayGrain.Heartbeat"/> costs two.
/// </summary>
/// <remarks>
/// Implemented by the session grain, beside its internal interface, which stays closed to clients. Refusals are
/// <see cref="ClientCallException"/>s as through <see cref="IClientGatewayGrain"/>; a kicked session is an answer.
/// </remarks>
[ClientCallable]
public interface ISessionClientGrain : IGrainWithStringKey
{
    /// <summary>
    /// Heartbeats the session and renews <paramref name="observer"/>'s subscription to its kick, as
    /// <see cref="IClientGatewayGrain.Heartbeat"/> does; <see cref="ClientHeartbeat.Gateway"/> is the Orleans gateway of
    /// the silo that holds the session.
    /// </summary>
    Task<ClientHeartbeat> Heartbeat(IKickObserver? observer);
}
