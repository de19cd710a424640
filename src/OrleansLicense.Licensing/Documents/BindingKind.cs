namespace OrleansLicense.Licensing.Documents;

/// <summary>What a license is bound to (R-LIC-3); serialised as a lowercase string.</summary>
public enum BindingKind
{
    /// <summary>Not bound: usable on any server or cluster.</summary>
    None,

    /// <summary>Bound to one standalone server id; refused in a triad.</summary>
    Server,

    /// <summary>Bound to one cluster id; usable only on that cluster.</summary>
    Cluster,

    /// <summary>
    /// Bound to one triad id (R-LIC-3): usable only in that triad, and refused by a single server or a plain grid. The id is
    /// the triad's own, kept when a node is replaced, so a replacement needs no re-issued license.
    /// </summary>
    Triad,
}
