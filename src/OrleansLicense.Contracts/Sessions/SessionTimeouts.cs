namespace OrleansLicense.Contracts.Sessions;

/// <summary>The client timeout rules of R-SESS-3, shared by server and client.</summary>
public static class SessionTimeouts
{
    /// <summary>Default kick-out time: 2 minutes.</summary>
    public const int DefaultSeconds = 120;

    /// <summary>Shortest allowed: 1 minute.</summary>
    public const int MinSeconds = 60;

    /// <summary>Longest allowed: 48 hours.</summary>
    public const int MaxSeconds = 48 * 3600;

    /// <summary>Heartbeats are never further apart than 10 minutes.</summary>
    public const int MaxHeartbeatIntervalSeconds = 600;

    /// <summary>True when <paramref name="timeoutSeconds"/> is within 60 s to 48 h.</summary>
    public static bool IsValid(int timeoutSeconds) => timeoutSeconds is >= MinSeconds and <= MaxSeconds;

    /// <summary>Heartbeat interval = timeout / 2, but never more than 600 s.</summary>
    public static int HeartbeatIntervalSeconds(int timeoutSeconds) => Math.Min(timeoutSeconds / 2, MaxHeartbeatIntervalSeconds);
}
