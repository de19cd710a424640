using System.Net;
using OrleansLicense.Client.Events;
using OrleansLicense.Client.Failover;
using OrleansLicense.Client.Logging;
using OrleansLicense.Client.Sessions;
using OrleansLicense.Contracts.Sessions;

namespace OrleansLicense.Client;

/// <summary>The session's background work: heartbeats, what each answer teaches (gateways, kicks), failback, and the end of a session.</summary>
public sealed partial class LicenseClient
{
    private async Task HeartbeatLoopAsync(SessionState session)
    {
        var stopping = session.Stopping;
        try
        {
            var nextHeartbeat = _time.GetUtcNow() + session.HeartbeatInterval;
            while (true)
            {
                // Off its preferred grid the loop also wakes for the backup failback check (R-BAK-4).
                var away = session.Current.Grid != Preferred;
                var wakeAt = away && session.NextFailbackProbe < nextHeartbeat ? session.NextFailbackProbe : nextHeartbeat;
                var wait = wakeAt - _time.GetUtcNow();
                await Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, _time, stopping).ConfigureAwait(false);
                if (away && _time.GetUtcNow() >= session.NextFailbackProbe)
                {
                    session.NextFailbackProbe = _time.GetUtcNow() + _failbackInterval;
                    if (await TryBackupFailbackAsync(session, stopping).ConfigureAwait(false))
                    {
                        // The login there was contact: the next heartbeat is an interval away.
                        nextHeartbeat = _time.GetUtcNow() + session.HeartbeatInterval;
                        continue;
                    }
                }

                if (_time.GetUtcNow() < nextHeartbeat)
                {
                    continue;
                }

                HeartbeatResponse answer;
                try
                {
                    answer = await WithUsageUploadAsync(
                        () => session.Current.Grid,
                        _usage.Product ?? _product,
                        () => SessionCallAsync(session, (here, server, ct) => here.Grid.Transport.HeartbeatAsync(server, here.Id, ct), repeatable: true, stopping),
                        stopping).ConfigureAwait(false);
                }
                catch (LicenseServerException e) when (e.Status == (int)HttpStatusCode.Gone)
                {
                    return;
                }
                catch (LicenseServerException e) when (e.IsTransient || _time.GetUtcNow() >= session.Deadline)
                {
                    // Past the deadline a refusal counts too: the backup grid's seats_exhausted, say (R-BAK-4).
                    Lose(session, e);
                    return;
                }
                catch (LicenseServerException e)
                {
                    // An answer outside the contract: keep the rhythm; the deadline still ends the session if no
                    // heartbeat is accepted in time.
                    ClientLog.LogWarningHeartbeatRefused(_logger, e, session.Id, e.Code);
                    nextHeartbeat = _time.GetUtcNow() + session.HeartbeatInterval;
                    continue;
                }

                session.OnHeartbeat(answer, _time.GetUtcNow());
                nextHeartbeat = _time.GetUtcNow() + session.HeartbeatInterval;
                ClientLog.LogDebugHeartbeat(_logger, session.Id, session.HeartbeatInterval);
                await TryFailbackAsync(session, stopping).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Logged out, kicked or disposed.
        }
        catch (Exception e)
        {
            // A background task must never take the vendor's program down; the session deadline still applies.
            ClientLog.LogErrorHeartbeatLoopFailed(_logger, e, session.Id);
        }
    }


    private async Task OnAnsweredAsync(SessionState session, ServerSession here, Uri server, CancellationToken cancellationToken)
    {
        var grid = here.Grid;
        var previous = grid.Servers.SetCurrent(server);
        if (previous is null || previous == server)
        {
            return;
        }

        ClientLog.LogWarningServerChanged(_logger, here.Id, previous, server, nameof(ServerChangeReason.Failover));
        Raise(ServerChanged, new ServerChangedEventArgs(previous, server, ServerChangeReason.Failover, here.Id), nameof(ServerChanged));
        if (!grid.Transport.ClientFailsOver)
        {
            return;
        }

        // The cluster may have gained or lost gateways since login; ask the one that answered.
        var gateways = await grid.Transport.TryGetGatewaysAsync(server, cancellationToken).ConfigureAwait(false);
        if (gateways is not null && gateways.ClusterId == here.ClusterId)
        {
            LearnGateways(grid, gateways.Gateways);
        }
    }

    private async Task TryFailbackAsync(SessionState session, CancellationToken cancellationToken)
    {
        var here = session.Current;
        var grid = here.Grid;
        if (!grid.Transport.ClientFailsOver)
        {
            // Orleans' client returns to a gateway that comes back by itself.
            return;
        }

        foreach (var server in grid.Servers.BeforeCurrent())
        {
            // Only a server of the session's own cluster knows the session; one of another cluster is never a
            // failback target.
            var gateways = await grid.Transport.TryGetGatewaysAsync(server, cancellationToken).ConfigureAwait(false);
            if (gateways is null || gateways.ClusterId != here.ClusterId)
            {
                continue;
            }

            var previous = grid.Servers.SetCurrent(server);
            if (previous is not null && previous != server)
            {
                ClientLog.LogWarningServerChanged(_logger, here.Id, previous, server, nameof(ServerChangeReason.Failback));
                Raise(ServerChanged, new ServerChangedEventArgs(previous, server, ServerChangeReason.Failback, here.Id), nameof(ServerChanged));
            }

            LearnGateways(grid, gateways.Gateways);
            return;
        }
    }

    private void LearnGateways(GridLink grid, IReadOnlyList<string>? gateways)
    {
        // Orleans' client connects to the configured gateways itself, so nothing is learned for it.
        foreach (var rejected in grid.Learn(gateways))
        {
            ClientLog.LogDebugGatewayIgnored(_logger, rejected);
        }
    }

    // A kick pushed for a session the client has left (on the other grid of a backup relationship) is not this session's.
    private void WatchKicks(SessionState session, ServerSession here) =>
        here.Grid.Transport.WatchKicks(here.Id, (code, detail) =>
        {
            if (session.Current == here)
            {
                Kick(session, new LicenseServerException(code, (int)HttpStatusCode.Gone, detail, here.Grid.Servers.Current));
            }
        });

    private void Kick(SessionState session, LicenseServerException error)
    {
        if (!session.TryEnd())
        {
            return;
        }

        _usage.OnEnded(_time.GetUtcNow());
        ClientLog.LogWarningKicked(_logger, session.Id, error.Server, error.Code, error.Detail);
        Raise(Kicked, new KickedEventArgs(session.Id, error.Code, error.Detail, error.Server), nameof(Kicked));
    }

    private void Lose(SessionState session, LicenseServerException error)
    {
        if (!session.TryEnd())
        {
            return;
        }

        _usage.OnEnded(_time.GetUtcNow());
        ClientLog.LogErrorConnectionLost(_logger, error, session.Id, session.Deadline);
        Raise(ConnectionLost, new ConnectionLostEventArgs(session.Id, session.Deadline, error), nameof(ConnectionLost));
    }
}
