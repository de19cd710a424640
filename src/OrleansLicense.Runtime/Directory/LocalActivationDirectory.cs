using OrleansLicense.Runtime.Activation;

namespace OrleansLicense.Runtime.Directory;

/// <summary>A single silo: the catalog itself is the directory, nothing to register.</summary>
internal sealed class LocalActivationDirectory : IActivationDirectory
{
    public Task RegisterAsync(ActivationData activation, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task UnregisterAsync(ActivationData activation, CancellationToken cancellationToken) => Task.CompletedTask;
}
