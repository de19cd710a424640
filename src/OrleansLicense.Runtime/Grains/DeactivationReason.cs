namespace OrleansLicense.Runtime.Grains;

/// <summary>Why an activation is being deactivated.</summary>
public enum DeactivationReason
{
    /// <summary>The grain asked for it (<see cref="Grain.DeactivateOnIdle"/>).</summary>
    ApplicationRequested = 1,

    /// <summary>Idle longer than the collection age.</summary>
    Idle = 2,

    /// <summary>A storage write lost its compare-and-swap: another activation's state is newer.</summary>
    InconsistentState = 3,

    /// <summary>The silo is shutting down.</summary>
    ShuttingDown = 4,

    /// <summary>Another silo won the directory registration for this grain.</summary>
    DuplicateActivation = 5,
}
