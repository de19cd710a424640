namespace OrleansLicense.Runtime.Storage;

/// <summary>
/// A write lost its compare-and-swap: the stored version is not the one this activation read.
/// The runtime deactivates the activation that raised it and retries the call once on a fresh one.
/// </summary>
public sealed class InconsistentStateException : Exception
{
    /// <summary>Creates the exception.</summary>
    public InconsistentStateException(string message, long expectedVersion, long? storedVersion)
        : base(message)
    {
        ExpectedVersion = expectedVersion;
        StoredVersion = storedVersion;
    }

    /// <summary>The version the writer expected.</summary>
    public long ExpectedVersion { get; }

    /// <summary>The version found in storage, when known (null when the row is missing).</summary>
    public long? StoredVersion { get; }
}
