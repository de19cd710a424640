namespace OrleansLicense.Runtime.Messaging.Remote;

/// <summary>An exception from another silo whose type could not be rebuilt here; it keeps the type name and message.</summary>
public sealed class RemoteGrainException(string remoteType, string message) : Exception(message)
{
    /// <summary>The full name of the exception type thrown on the other silo.</summary>
    public string RemoteType { get; } = remoteType;
}
