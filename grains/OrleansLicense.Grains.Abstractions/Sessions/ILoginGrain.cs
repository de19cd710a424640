using OrleansLicense.Contracts.Sessions;
using Orleans.Concurrency;

namespace OrleansLicense.Grains.Sessions;

/// <summary>
/// Logs clients in, and out while their session has stored nothing of its own, without activating a session grain
/// (key: always 0; a stateless worker on every silo). A login's seats and who holds them are stored at the pools; the
/// session grain takes the session over at its first heartbeat (<see cref="ISessionGrain"/>).
/// </summary>
public interface ILoginGrain : IGrainWithIntegerKey
{
    /// <summary>The key of the one login grain (a stateless worker: each silo runs its own activations of it).</summary>
    public const long Key = 0;

    /// <summary>
    /// Logs in as session <paramref name="sessionId"/>: takes every requested seat or none (R-SESS-1). A retry of the
    /// same login (the same id) answers the same session and takes nothing more.
    /// </summary>
    /// <exception cref="Errors.LicensingException">maintenance, not_found, seats_exhausted, local_only, license_expired, bad_request.</exception>
    /// <remarks>
    /// A queued login waits up to <see cref="Contracts.Sessions.SessionLimits.MaxQueueSeconds"/> for seats, longer than
    /// the grid's 5 s response timeout, so it has its own deadline. A call in flight when a silo dies still fails as
    /// soon as membership declares the silo dead (about a second), not at this deadline.
    /// </remarks>
    [ResponseTimeout("00:00:30")]
    Task<LoginResult> Login(string sessionId, LoginCommand command, CancellationToken cancellationToken);

    /// <summary>
    /// Logs out: ends a session that has stored nothing yet at its pools, and hands any other to its session grain
    /// (<see cref="ISessionGrain.Logout"/>). A second logout succeeds; a kicked session answers session_expired.
    /// </summary>
    Task Logout(string sessionId, CancellationToken cancellationToken);
}
