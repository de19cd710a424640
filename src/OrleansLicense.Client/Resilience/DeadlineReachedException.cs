namespace OrleansLicense.Client.Resilience;

/// <summary>The session timeout passed while retrying: the server has kicked the session, so trying on is pointless.</summary>
internal sealed class DeadlineReachedException(DateTimeOffset deadline)
    : Exception("The session timeout passed while retrying.")
{
    /// <summary>When the session timed out.</summary>
    public DateTimeOffset Deadline { get; } = deadline;
}
