namespace OrleansLicense.Runtime.Messaging.Remote;

/// <summary>Headers every silo-to-silo request carries.</summary>
internal static class SiloHeaders
{
    public const string Cluster = "X-Olic-Cluster";
    public const string Sender = "X-Olic-Sender";
}
