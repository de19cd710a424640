using OrleansLicense.Client.Failover;
using OrleansLicense.Contracts.Sessions;

namespace OrleansLicense.Client.Sessions;

/// <summary>Where a <see cref="SessionState"/> lives now: the server-side session and its grid. A backup move
/// (R-BAK-4) replaces it as a whole, so a reader never mixes the id of one grid with the transport of the other.</summary>
/// <param name="Id">The server's session id.</param>
/// <param name="LicenseId">The license the seats come from.</param>
/// <param name="ClusterId">The grid's cluster id.</param>
/// <param name="Backup">The login answer's backup hint, or null when the license is not mapped.</param>
/// <param name="Grid">The grid holding the session.</param>
/// <param name="MoveRequestId">The login request id of a move away from here: the same for every try, so a retry after
/// a lost answer finds the session the lost try made.</param>
internal sealed record ServerSession(string Id, string LicenseId, string ClusterId, BackupPartnerHint? Backup, GridLink Grid, string MoveRequestId)
{
    public static ServerSession From(LoginResponse login, GridLink grid) =>
        new(login.SessionId, login.LicenseId, login.ClusterId, login.Backup, grid, Guid.NewGuid().ToString("N"));
}
