using OrleansLicense.Runtime.Membership;

namespace OrleansLicense.Runtime.Messaging.Remote;

/// <summary>A silo did not answer (refused, reset, timed out, or it is no longer that generation).</summary>
public sealed class SiloUnavailableException(SiloAddress silo, string message, Exception? inner = null)
    : Exception($"Silo {silo} is unavailable: {message}", inner)
{
    /// <summary>The silo that did not answer.</summary>
    public SiloAddress Silo { get; } = silo;
}
