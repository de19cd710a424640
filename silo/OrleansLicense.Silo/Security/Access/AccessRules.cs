using System.Net;
using System.Security.Claims;
using OrleansLicense.Grains.Access;

namespace OrleansLicense.Silo.Security.Access;

/// <summary>
/// This silo's view of the grid's access list (issue #15 item 4, R-SEC-1): read from the grain at most once per
/// <see cref="Freshness"/>, so a change made through another silo applies here within about a second, and decided
/// by the first matching rule (no match allows).
/// </summary>
internal sealed class AccessRules(IGrainFactory grains, TimeProvider time, ILogger<AccessRules> logger)
{
    /// <summary>How old this silo's copy may be.</summary>
    public static readonly TimeSpan Freshness = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan HostNameLifetime = TimeSpan.FromMinutes(1);
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private readonly Dictionary<string, (IPAddress[] Addresses, DateTimeOffset Until)> _hosts = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _hostsLock = new();
    private volatile Snapshot? _snapshot;

    /// <summary>The grid's grain holding the list.</summary>
    public IAccessRulesGrain Grain => grains.GetGrain<IAccessRulesGrain>(IAccessRulesGrain.Key);

    /// <summary>The list, from this silo's copy while it is fresh.</summary>
    public async ValueTask<AccessList> CurrentAsync(CancellationToken cancellationToken)
    {
        if (_snapshot is { } fresh && time.GetUtcNow() - fresh.ReadAt < Freshness)
        {
            return fresh.List;
        }

        await _refresh.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_snapshot is { } other && time.GetUtcNow() - other.ReadAt < Freshness)
            {
                return other.List;
            }

            try
            {
                var list = await Grain.Get().ConfigureAwait(false);
                Remember(list);
                return list;
            }
            catch (Exception ex) when (_snapshot is { } stale && ex is not OperationCanceledException)
            {
                // The store is away: keep deciding by the last list this silo saw rather than locking everyone out.
                AccessRulesLog.LogWarningRulesStale(logger, ex, stale.ReadAt);
                return stale.List;
            }
        }
        finally
        {
            _refresh.Release();
        }
    }

    /// <summary>Takes a list this silo just received from the grain (after its own change).</summary>
    public void Remember(AccessList list) => _snapshot = new Snapshot(list, time.GetUtcNow());

    /// <summary>The first rule matching the caller, or null (allowed) when none does.</summary>
    public async ValueTask<AccessRule?> FirstMatchAsync(IReadOnlyList<AccessRule> rules, ClaimsPrincipal caller, IPAddress? address, CancellationToken cancellationToken)
    {
        var named = caller.FindFirst(NamedAdmins.ClaimType)?.Value;
        foreach (var rule in rules)
        {
            if (WhoMatches(rule.Who, named) && await WhereMatchesAsync(rule.Where, address, cancellationToken).ConfigureAwait(false))
            {
                return rule;
            }
        }

        return null;
    }

    private static bool WhoMatches(string who, string? named) => who switch
    {
        AccessRuleText.Everyone => true,
        AccessRuleText.Token => named is null,
        _ => named is not null && string.Equals(who, AccessRuleText.AdminPrefix + named, StringComparison.Ordinal),
    };

    private async ValueTask<bool> WhereMatchesAsync(string where, IPAddress? address, CancellationToken cancellationToken)
    {
        switch (where)
        {
            case AccessRuleText.Any:
                return true;
            case AccessRuleText.ThisComputer:
                return ClientAddress.IsThisComputer(address);
        }

        if (address is null)
        {
            return false;
        }

        if (where.Contains('/', StringComparison.Ordinal))
        {
            return IPNetwork.TryParse(where, out var network) && network.Contains(address);
        }

        if (IPAddress.TryParse(where, out var exact))
        {
            return exact.Equals(address);
        }

        return (await ResolveAsync(where, cancellationToken).ConfigureAwait(false)).Any(a => (a.IsIPv4MappedToIPv6 ? a.MapToIPv4() : a).Equals(address));
    }

    private async ValueTask<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        lock (_hostsLock)
        {
            if (_hosts.TryGetValue(host, out var known) && known.Until > now)
            {
                return known.Addresses;
            }
        }

        IPAddress[] addresses;
        try
        {
            addresses = await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
        }
        catch (System.Net.Sockets.SocketException)
        {
            // A name that does not resolve matches no caller.
            addresses = [];
        }

        lock (_hostsLock)
        {
            _hosts[host] = (addresses, now + HostNameLifetime);
        }

        return addresses;
    }

    private sealed record Snapshot(AccessList List, DateTimeOffset ReadAt);
}
