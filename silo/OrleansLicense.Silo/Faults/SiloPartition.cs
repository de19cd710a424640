using System.Collections.Concurrent;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Options;
using OrleansLicense.Silo.Configuration;

namespace OrleansLicense.Silo.Faults;

/// <summary>
/// Fault injection for partition tests: while on, every silo-to-silo connection of this silo (in and out) is cut and
/// new ones are closed at once, so its peers' probes fail and they vote it dead, while its database stays reachable.
/// A filter on Orleans' silo connections; the gateway port and HTTP are not touched. Refused unless
/// <see cref="SiloClusterOptions.AllowFaultInjection"/> is on.
/// </summary>
internal sealed class SiloPartition(IOptions<SiloClusterOptions> options)
{
    private readonly ConcurrentDictionary<ConnectionContext, byte> _open = new();
    private volatile bool _blocked;

    /// <summary>True while this silo is cut off from its peers.</summary>
    public bool Blocked => _blocked;

    /// <summary>Cuts this silo off from its peers, or connects it again.</summary>
    /// <exception cref="InvalidOperationException">Fault injection is not allowed on this silo.</exception>
    public void Set(bool blocked)
    {
        if (!options.Value.AllowFaultInjection)
        {
            throw new InvalidOperationException("Fault injection is off on this silo (Cluster:AllowFaultInjection).");
        }

        _blocked = blocked;
        if (blocked)
        {
            foreach (var connection in _open.Keys)
            {
                connection.Abort(new ConnectionAbortedException("This silo is partitioned from its peers (fault injection)."));
            }
        }
    }

    /// <summary>The connection filter: closes a connection at once while partitioned, and keeps the open ones to cut them later.</summary>
    public ConnectionDelegate Filter(ConnectionDelegate next) => async connection =>
    {
        if (_blocked)
        {
            connection.Abort(new ConnectionAbortedException("This silo is partitioned from its peers (fault injection)."));
            return;
        }

        _open.TryAdd(connection, 0);
        try
        {
            await next(connection).ConfigureAwait(false);
        }
        finally
        {
            _open.TryRemove(connection, out _);
        }
    };
}
