namespace OrleansLicense.Grains.Cluster;

/// <summary>The stored cluster secrets; null until the first silo offered one.</summary>
public sealed class ClusterSecretsState
{
    public string? ServerKeyPem { get; set; }

    public string? AdminToken { get; set; }
}
