namespace OrleansLicense.Runtime.Persistence;

/// <summary>A piece of grain state the runtime loads before OnActivateAsync.</summary>
public interface IGrainStorageFacet
{
    /// <summary>Loads the stored state.</summary>
    Task LoadAsync(CancellationToken cancellationToken);
}
