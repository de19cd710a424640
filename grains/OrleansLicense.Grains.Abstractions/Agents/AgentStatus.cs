namespace OrleansLicense.Grains.Agents;

/// <summary>Where an agreement stands.</summary>
[GenerateSerializer]
public enum AgentStatus
{
    /// <summary>Seats are delegated and served.</summary>
    Active = 1,

    /// <summary>The link has been gone too long: the downstream stopped granting (the upstream takes the seats back after its lease).</summary>
    Stopped = 2,

    /// <summary>The upstream took the seats back after its lease ran out without a renewal.</summary>
    Expired = 3,

    /// <summary>Released by releaseAgent: nothing is delegated.</summary>
    Released = 4,
}
