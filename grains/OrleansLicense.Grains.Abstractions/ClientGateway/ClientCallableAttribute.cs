namespace OrleansLicense.Grains.ClientGateway;

/// <summary>
/// Marks the one grain interface a program connected to the Orleans gateway may call without the silo call
/// credential (issue #13 item 5). Its methods do what an anonymous caller of the HTTP gateway API may do, no more;
/// every other interface of this assembly stays closed to clients.
/// </summary>
[AttributeUsage(AttributeTargets.Interface, Inherited = false)]
public sealed class ClientCallableAttribute : Attribute;
