using OrleansLicense.Runtime.Activation;

namespace OrleansLicense.Runtime.Directory;

/// <summary>Registers activations before they run and removes them when they go.</summary>
internal interface IActivationDirectory
{
    /// <summary>Registers the activation; throws <see cref="DuplicateActivationException"/> when another silo's activation won.</summary>
    Task RegisterAsync(ActivationData activation, CancellationToken cancellationToken);

    /// <summary>Removes the activation's entry (best effort).</summary>
    Task UnregisterAsync(ActivationData activation, CancellationToken cancellationToken);
}
