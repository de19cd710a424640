namespace OrleansLicense.Grains.Triad;

/// <summary>The stored triad: null <see cref="Config"/> when the grid has none.</summary>
[GenerateSerializer]
public sealed class TriadGrainState
{
    /// <summary>The triad, or null.</summary>
    [Id(0)]
    public TriadConfig? Config { get; set; }

    /// <summary>The last active silo reported.</summary>
    [Id(1)]
    public TriadActiveReport? Active { get; set; }

    /// <summary>The version the next change gets; kept across a dissolve, so a new triad never reuses a version.</summary>
    [Id(2)]
    public int LastVersion { get; set; }
}
