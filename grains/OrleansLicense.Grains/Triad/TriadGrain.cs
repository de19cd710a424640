using OrleansLicense.Grains.Errors;
using OrleansLicense.Storage;

namespace OrleansLicense.Grains.Triad;

/// <summary>The grid's one triad (<see cref="ITriadGrain"/>), kept in the grid's storage.</summary>
[GrainType("triad")]
internal sealed class TriadGrain(
    [PersistentState("triad", LicenseStorage.StateStorageName)] IPersistentState<TriadGrainState> triad) : Grain, ITriadGrain
{
    public Task<TriadConfig?> Get() => Task.FromResult(triad.State.Config);

    public async Task<TriadConfig> Create(string id, string name, IReadOnlyList<TriadMember> members)
    {
        if (triad.State.Config is { } existing)
        {
            throw new LicensingException(TriadErrorCodes.AlreadyInRelationship, $"This grid is already the triad '{existing.Name}' ({existing.Id}); dissolve it first.");
        }

        CheckMembers(members);
        var config = new TriadConfig(id, name, [.. members], DateTimeOffset.UtcNow, ++triad.State.LastVersion);
        triad.State.Config = config;
        triad.State.Active = null;
        await triad.WriteStateAsync();
        return config;
    }

    public async Task<TriadConfig> ChangeRoles(IReadOnlyDictionary<string, TriadRole> roles)
    {
        ArgumentNullException.ThrowIfNull(roles);
        var config = Existing();
        var members = config.Members.Select(m => m with { Role = Lookup(roles, m.Address) ?? m.Role }).ToList();
        if (roles.Keys.Any(a => config.MemberAt(a) is null))
        {
            throw new LicensingException(TriadErrorCodes.SiloUnknown, $"Only the triad's members get roles: {string.Join(", ", config.Members.Select(m => m.Address))}.");
        }

        CheckMembers(members);
        return await SaveAsync(config with { Members = members });
    }

    public async Task<TriadConfig> Replace(string address, TriadMember replacement)
    {
        ArgumentNullException.ThrowIfNull(replacement);
        var config = Existing();
        var old = config.MemberAt(address)
            ?? throw new LicensingException(TriadErrorCodes.SiloUnknown, $"'{address}' is not a member of the triad '{config.Name}'.");
        if (config.MemberAt(replacement.Address) is not null)
        {
            throw new LicensingException(TriadErrorCodes.AlreadyInRelationship, $"'{replacement.Address}' is already a member of the triad '{config.Name}'.");
        }

        var members = config.Members.Select(m => ReferenceEquals(m, old) ? replacement with { Role = old.Role } : m).ToList();
        return await SaveAsync(config with { Members = members });
    }

    public async Task<TriadConfig> Dissolve()
    {
        var config = Existing();
        triad.State.Config = null;
        triad.State.Active = null;
        await triad.WriteStateAsync();
        return config;
    }

    public async Task ReportActive(string address, DateTimeOffset since)
    {
        if (triad.State.Config is null || string.Equals(triad.State.Active?.Address, address, StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        var failovers = triad.State.Active is { } previous ? previous.Failovers + 1 : 0;
        triad.State.Active = new TriadActiveReport(address, since, failovers);
        await triad.WriteStateAsync();
    }

    public Task<TriadActiveReport?> GetActive() => Task.FromResult(triad.State.Active);

    private static TriadRole? Lookup(IReadOnlyDictionary<string, TriadRole> roles, string address)
        => roles.FirstOrDefault(r => string.Equals(r.Key, address, StringComparison.OrdinalIgnoreCase)) is { Key: not null } found ? found.Value : null;

    private static void CheckMembers(IReadOnlyList<TriadMember> members)
    {
        if (members.Count != 3
            || members.Select(m => m.Address).Distinct(StringComparer.OrdinalIgnoreCase).Count() != 3
            || members.Select(m => m.Role).Distinct().Count() != 3)
        {
            throw new LicensingException(TriadErrorCodes.RolesInvalid, "A triad is three different silos, one primary, one secondary and one tertiary.");
        }
    }

    private TriadConfig Existing() => triad.State.Config
        ?? throw new LicensingException(TriadErrorCodes.NotInRelationship, "This grid is not a triad.");

    private async Task<TriadConfig> SaveAsync(TriadConfig config)
    {
        var saved = config with { Version = ++triad.State.LastVersion };
        triad.State.Config = saved;
        await triad.WriteStateAsync();
        return saved;
    }
}
