namespace OrleansLicense.Grains.Triad;

/// <summary>
/// This silo's current <see cref="TriadSnapshot"/>, read on every call to a license grain (the fence) and at every
/// placement; written by <see cref="TriadMonitor"/>.
/// </summary>
public sealed class TriadSiloView
{
    private volatile TriadSnapshot _current = TriadSnapshot.None;

    /// <summary>The latest snapshot.</summary>
    public TriadSnapshot Current => _current;

    internal void Publish(TriadSnapshot snapshot)
    {
        _current = snapshot;
    }
}
