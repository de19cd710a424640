namespace OrleansLicense.Runtime.Grains;

/// <summary>Creates references to grains. A reference is cheap; the grain activates on its first call.</summary>
public interface IGrainFactory
{
    /// <summary>A reference to the grain implementing <typeparamref name="TGrainInterface"/> with this key.</summary>
    /// <exception cref="ArgumentException">No grain class, or several, implement the interface.</exception>
    TGrainInterface GetGrain<TGrainInterface>(string key)
        where TGrainInterface : IGrain;

    /// <summary>A reference, through <typeparamref name="TGrainInterface"/>, to the grain with this exact id.</summary>
    TGrainInterface GetGrain<TGrainInterface>(GrainId grainId)
        where TGrainInterface : IGrain;
}
