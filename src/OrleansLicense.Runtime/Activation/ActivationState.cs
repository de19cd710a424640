namespace OrleansLicense.Runtime.Activation;

/// <summary>The lifecycle of an activation.</summary>
internal enum ActivationState
{
    /// <summary>Loading state and running OnActivateAsync; calls wait.</summary>
    Activating,

    /// <summary>Serving calls.</summary>
    Valid,

    /// <summary>Running OnDeactivateAsync; new calls wait to be rerouted.</summary>
    Deactivating,

    /// <summary>Gone; calls are rerouted to a new activation.</summary>
    Invalid,
}
