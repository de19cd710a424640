using OrleansLicense.Contracts.Sessions;
using OrleansLicense.Storage.Expiry;

namespace OrleansLicense.Grains.Sessions;

/// <summary>The stored part of a session: who, what it holds, since when. Heartbeats are not stored.</summary>
public sealed class SessionState : IExpiringState
{
    public SessionStatus Status { get; set; }

    public string Product { get; set; } = "";

    public string LicenseId { get; set; } = "";

    public ClientInfo? Client { get; set; }

    public string? Address { get; set; }

    public List<FeatureRequest> Features { get; set; } = [];

    /// <summary>
    /// Features a check-out is taking, or took without recording them (a failure between the grant and
    /// the write): stored before their seats are asked for, and released with the session's seats when it ends.
    /// </summary>
    public List<string> PendingFeatures { get; set; } = [];

    public DateTimeOffset Since { get; set; }

    public int TimeoutSeconds { get; set; }

    /// <summary>
    /// The features an ended session held when it ended. Its seats are given back while the end is stored, so a crash
    /// may leave some at a pool: a repeated logout (a client's retry) gives them back again (a release is idempotent).
    /// </summary>
    public List<string> EndedHolding { get; set; } = [];

    /// <summary>The request ids of the latest check-outs (a retried one takes nothing more).</summary>
    public List<string> RecentCheckOuts { get; set; } = [];

    /// <summary>
    /// Null while the session is live; once it ended, when its stored row may be deleted (the end plus
    /// <see cref="Hosting.LicensingOptions.EndedSessionRetention"/>, #12 storage growth). Until then a retried logout
    /// still answers from the stored end, and a late duplicate of the login finds the session ended and takes nothing.
    /// </summary>
    public DateTimeOffset? ForgetAfter { get; set; }
}
