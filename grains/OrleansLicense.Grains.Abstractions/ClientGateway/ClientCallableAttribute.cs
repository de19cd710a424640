namespace OrleansLicense.Grains.ClientGateway;

/// <summary>
/// Marks the grain interfaces a program connected to the Orleans gateway may call without the silo call
/// credential (issue #13 item 5). Its methods do what an anonymous caller of the HTTP gateway API may do, no more;
/// every other interface of this assembly stays closed to clients. Today: <see cref="IClientGatewayGrain"/> and the
/// session's heartbeat, <see cref="ISessionClientGrain"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Interface, Inherited = false)]
public sealed class ClientCallableAttribute : Attribute;
