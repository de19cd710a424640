using Microsoft.Extensions.Logging;
using OrleansLicense.Client.Addresses;
using OrleansLicense.Client.Backup;
using OrleansLicense.Client.Events;
using OrleansLicense.Client.Failover;
using OrleansLicense.Client.Logging;
using OrleansLicense.Client.Sessions;
using OrleansLicense.Client.Transport;
using OrleansLicense.Contracts.Sessions;

namespace OrleansLicense.Client;

/// <summary>Failover and failback between the two grids of a backup relationship (R-BAK-4, issue #17 item 5).</summary>
/// <remarks>
/// <para>A session whose license is mapped (its login answer carries a <see cref="BackupPartnerHint"/>) moves to the
/// other grid when no server of its own answers: the in-grid failover and <see cref="LicenseClientOptions.LoginRetryAttempts"/>
/// more rounds come first, then a login there on the mapped license with the seats held now. The session left behind is
/// not logged out (nothing answers); its grid times it out and takes its seats back.</para>
/// <para>While away from its preferred grid the client checks it every <see cref="LicenseClientOptions.BackupFailbackInterval"/>;
/// when it answers, the client logs in there on its original license and only then logs out of the other grid.</para>
/// <para>Seat limits are per grid: a refusal on the other grid is final for that try; the client keeps trying its own
/// grid until the session's deadline, which then reports the other grid's refusal as the loss.</para>
/// </remarks>
public sealed partial class LicenseClient
{
    // One call moves the session at most this often; failed moves are bounded by the session's deadline instead.
    private const int MaxBackupMovesPerCall = 4;

    /// <summary>The grid the client logs in on first and returns to: <see cref="LicenseClientOptions.Servers"/>, or
    /// <see cref="LicenseClientOptions.BackupServers"/> with <see cref="LicenseClientOptions.PreferBackupServers"/>.</summary>
    private GridLink Preferred => _preferBackup ? Volatile.Read(ref _backup)! : _main;

    private static (GridLink? Backup, bool Prefer) ResolveBackup(LicenseClientOptions options, ILogger logger)
    {
        var prefer = options.PreferBackupServers
            ?? ServerAddressEnvironment.FindSetting(options.EnvironmentPrefix, "PREFER_BACKUP", options.GetEnvironmentVariable) is { } flag
                && (flag.Equals("true", StringComparison.OrdinalIgnoreCase) || flag == "1" || flag.Equals("yes", StringComparison.OrdinalIgnoreCase));
        var variable = !string.IsNullOrWhiteSpace(options.BackupServers)
            ? new ServerAddressVariable("LicenseClientOptions.BackupServers", options.BackupServers)
            : ServerAddressEnvironment.FindCompanion(options.EnvironmentPrefix, "BACKUP_URL", options.GetEnvironmentVariable);
        if (variable is null)
        {
            return prefer
                ? throw new InvalidOperationException("PreferBackupServers needs the backup grid's addresses: set LicenseClientOptions.BackupServers or ORLEANSLICENSE_BACKUP_URL.")
                : (null, false);
        }

        var servers = ParseAddresses(variable.Name, variable.Value, logger);
        if (servers.Count == 0)
        {
            throw new InvalidOperationException($"{variable.Name} holds no server address.");
        }

        return (new GridLink(isBackup: true, new ServerDirectory(servers), TransportFactory.CreateBackup(options, servers)), prefer);
    }

    // Login walks the servers from the most preferred every time ("the first that answers", R-CLI-3). It is repeated
    // even after a timeout: thanks to the request id the retry answers the session the lost answer made, while giving
    // up would stop the vendor's program from starting. When no server of the preferred grid answers and the backup
    // grid is configured, that grid is tried too (R-BAK-4: a client may use a license on either server).
    private async Task<(LoginResponse Login, Uri Server, GridLink Grid)> LoginOnAnyGridAsync(LoginRequest request, CancellationToken cancellationToken)
    {
        var preferred = Preferred;
        GridLink[] grids = _backupConfigured ? [preferred, preferred == _main ? _backup! : _main] : [preferred];
        for (var i = 0; ; i++)
        {
            var grid = grids[i];
            try
            {
                var (login, server) = await WithUsageUploadAsync(() => grid, request.Product, () => ExecuteAsync(
                    grid,
                    () => grid.Servers.All,
                    (uri, ct) => grid.Transport.LoginAsync(uri, request, _loginTimeout, ct),
                    repeatable: true,
                    _loginRetryAttempts,
                    static () => null,
                    cancellationToken), cancellationToken).ConfigureAwait(false);
                return (login, server, grid);
            }
            catch (LicenseServerException e) when (e.IsTransient && i + 1 < grids.Length)
            {
                ClientLog.LogWarningBackupLoginElsewhere(_logger, grid.Name, grids[i + 1].Name, e.Code);
            }
        }
    }

    // Where the session may go from here, or null: away from the preferred grid only on a mapped license (redundancy
    // holds for mapped licenses only, R-BAK-1), back to it always.
    private BackupMove? BackupTarget(SessionState session, ServerSession here)
    {
        var other = here.Grid == _main ? Volatile.Read(ref _backup) : _main;
        if (other is null || other.Servers.All.Count == 0)
        {
            return null;
        }

        if (other == Preferred)
        {
            return new BackupMove(other, session.HomeLicenseId ?? here.Backup?.PartnerLicenseId, ServerChangeReason.BackupFailback);
        }

        return here.Backup is { } hint ? new BackupMove(other, hint.PartnerLicenseId, ServerChangeReason.BackupFailover) : null;
    }

    // Keeps the partner's gateways a login answer named, on the grid the session is not on: the backup grid is made
    // from them when none was configured (over HTTP, the only kind of address the hint carries).
    private void LearnBackup(ServerSession here)
    {
        if (here.Backup is not { } hint)
        {
            return;
        }

        GridLink other;
        if (here.Grid != _main)
        {
            other = _main;
        }
        else if (Volatile.Read(ref _backup) is { } known)
        {
            other = known;
        }
        else
        {
            var made = new GridLink(isBackup: true, new ServerDirectory([]), _newHttpTransport());
            other = Interlocked.CompareExchange(ref _backup, made, null) ?? made;
            if (other != made)
            {
                _ = made.Transport.DisposeAsync().AsTask();
            }
        }

        LearnGateways(other, hint.PartnerServers);
    }

    // Moves the session to the other grid: a login there with the seats held now; a planned move (failback) then logs
    // out of the grid left. Returns whether this call moved it, or the other grid's answer when it did not take the
    // session (null error: another caller already moved it).
    private async Task<(bool Moved, LicenseServerException? Error)> MoveAsync(
        SessionState session, ServerSession here, BackupMove target, bool planned, CancellationToken cancellationToken)
    {
        await session.Moving.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (session.Current != here)
            {
                return (false, null);
            }

            // Sessions the client left there when that grid stopped answering are its own: their seats must not count
            // against this login, and a grid that answers again may still hold them.
            foreach (var stale in session.TakeAbandoned(target.Grid))
            {
                await TryLogoutAsync(stale, cancellationToken).ConfigureAwait(false);
            }

            var request = new LoginRequest(session.Product, session.Features, _client, null, here.MoveRequestId, target.LicenseId);
            LoginResponse login;
            Uri server;
            try
            {
                (login, server) = await WithUsageUploadAsync(() => target.Grid, session.Product, () => ExecuteAsync(
                    target.Grid,
                    target.Grid.Servers.FromCurrent,
                    (uri, ct) => target.Grid.Transport.LoginAsync(uri, request, _loginTimeout, ct),
                    repeatable: true,
                    retryAttempts: 0,
                    static () => null,
                    cancellationToken), cancellationToken).ConfigureAwait(false);
            }
            catch (LicenseServerException e)
            {
                ClientLog.LogWarningBackupMoveFailed(_logger, here.Id, target.Grid.Name, target.LicenseId, e.Code, e.Detail);
                return (false, e);
            }

            var from = here.Grid.Servers.Current;
            target.Grid.Servers.SetCurrent(server);
            LearnGateways(target.Grid, login.Servers);
            session.MoveTo(login, target.Grid, _time.GetUtcNow());
            var arrived = session.Current;
            LearnBackup(arrived);
            if (target.Grid == Preferred)
            {
                session.HomeLicenseId = login.LicenseId;
            }
            else
            {
                session.NextFailbackProbe = _time.GetUtcNow() + _failbackInterval;
            }

            if (planned)
            {
                // Failback: the seats are held here now, so the other grid's go back at once.
                await TryLogoutAsync(here, CancellationToken.None).ConfigureAwait(false);
            }
            else
            {
                session.Abandon(here);
            }

            if (!session.IsActive)
            {
                // Logged out or kicked while the login was under way: the new seats must not wait for a timeout.
                await TryLogoutAsync(arrived, CancellationToken.None).ConfigureAwait(false);
                return (true, null);
            }

            WatchKicks(session, arrived);
            ClientLog.LogWarningBackupMoved(_logger, here.Id, arrived.Id, server, arrived.LicenseId, target.Reason.ToString());
            Raise(ServerChanged, new ServerChangedEventArgs(from, server, target.Reason, arrived.Id, here.Id), nameof(ServerChanged));
            return (true, null);
        }
        finally
        {
            session.Moving.Release();
        }
    }

    // While away from its preferred grid: when that grid answers again, log in there and only then log out here.
    private async Task<bool> TryBackupFailbackAsync(SessionState session, CancellationToken cancellationToken)
    {
        var here = session.Current;
        if (BackupTarget(session, here) is not { } target || target.Grid != Preferred || !await AnswersAsync(target.Grid, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        var (moved, error) = await MoveAsync(session, here, target, planned: true, cancellationToken).ConfigureAwait(false);
        if (error is not null)
        {
            ClientLog.LogInformationBackupFailbackLater(_logger, here.Id, error.Code, _failbackInterval);
        }

        return moved;
    }

    // A cheap question without side effects: does any server of the grid answer?
    private async Task<bool> AnswersAsync(GridLink grid, CancellationToken cancellationToken)
    {
        foreach (var server in grid.Transport.Targets(grid.Servers.All))
        {
            if (await grid.Transport.TryGetGatewaysAsync(server, cancellationToken).ConfigureAwait(false) is not null)
            {
                return true;
            }
        }

        return false;
    }

    // One round, no back-off: a session that cannot be logged out is timed out by its grid.
    private async Task TryLogoutAsync(ServerSession session, CancellationToken cancellationToken)
    {
        try
        {
            await LogoutServerSessionAsync(session, retryAttempts: 0, cancellationToken).ConfigureAwait(false);
        }
        catch (LicenseServerException e)
        {
            ClientLog.LogWarningLogoutFailed(_logger, e, session.Id);
        }
    }
}
