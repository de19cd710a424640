using OrleansLicense.Contracts.Sessions;

namespace OrleansLicense.Grains.Sessions;

/// <summary>
/// Logs clients in, and out while their session has stored nothing of its own, without activating a session grain.
/// A login's seats and who holds them are stored at the pools; the session grain takes the session over at its first
/// heartbeat (<see cref="ISessionGrain"/>). A silo service the client edges call in their own process.
/// </summary>
public interface ISessionLogins
{
    /// <summary>
    /// Logs in as session <paramref name="sessionId"/>: takes every requested seat or none (R-SESS-1). A retry of the
    /// same login (the same id) answers the same session and takes nothing more.
    /// </summary>
    /// <param name="sessionId">The session's id, made by the edge (a retry's is the same).</param>
    /// <param name="command">What the client asks for.</param>
    /// <param name="cancellationToken">Ends a queued wait for seats early.</param>
    /// <returns>The session's terms and the license that serves it.</returns>
    /// <exception cref="Errors.LicensingException">maintenance, not_found, seats_exhausted, local_only, license_expired, bad_request.</exception>
    /// <remarks>A queued login waits at its pools, whose calls have their own deadline for it (<see cref="Seats.IFeatureGrain.AcquireForLogin"/>).</remarks>
    Task<LoginResult> Login(string sessionId, LoginCommand command, CancellationToken cancellationToken);

    /// <summary>
    /// Logs out: ends a session that has stored nothing yet at its pools, and hands any other to its session grain
    /// (<see cref="ISessionGrain.Logout"/>). A second logout succeeds; a kicked session answers session_expired.
    /// </summary>
    /// <param name="sessionId">The session's id.</param>
    /// <param name="cancellationToken">Cancels the logout's calls.</param>
    /// <returns>The logout's completion.</returns>
    Task Logout(string sessionId, CancellationToken cancellationToken);
}
