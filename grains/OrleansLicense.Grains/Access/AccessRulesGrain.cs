using OrleansLicense.Contracts.Errors;
using OrleansLicense.Grains.Backup;
using OrleansLicense.Grains.Errors;
using OrleansLicense.Storage;

namespace OrleansLicense.Grains.Access;

/// <summary>The grid's admin access rules; every change is written before it is answered.</summary>
[GrainType("access-rules")]
internal sealed class AccessRulesGrain(
    [PersistentState("access-rules", LicenseStorage.StateStorageName)] IPersistentState<AccessRulesState> state) : Grain, IAccessRulesGrain
{
    public Task<AccessList> Get() => Task.FromResult(View());

    public async Task<AccessList> ReplaceRules(long expectedVersion, IReadOnlyList<AccessRule> rules, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rules);
        if (expectedVersion != state.State.Version)
        {
            throw new LicensingException(ErrorCodes.Conflict, "The access rules changed meanwhile; list them again and retry.");
        }

        List<AccessRule> stored = [];
        foreach (var rule in rules)
        {
            stored.Add(rule.Id > 0 ? rule : rule with { Id = state.State.NextId++ });
        }

        state.State.Rules = stored;
        await WriteAsync(cancellationToken);
        return View();
    }

    public async Task<AccessList> ReplaceAll(IReadOnlyList<AccessRule> rules, IReadOnlyList<NamedAdmin> admins, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(admins);
        state.State.Rules = [.. rules];
        state.State.Admins = [.. admins];
        state.State.NextId = Math.Max(state.State.NextId, rules.Count == 0 ? 1 : rules.Max(r => r.Id) + 1);
        await WriteAsync(cancellationToken, notifyBackup: false);
        return View();
    }

    public async Task<AccessList> SetAdmin(NamedAdmin admin, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(admin);
        state.State.Admins.RemoveAll(a => string.Equals(a.Name, admin.Name, StringComparison.Ordinal));
        state.State.Admins.Add(admin);
        await WriteAsync(cancellationToken);
        return View();
    }

    public async Task<AccessList> RemoveAdmin(string name, CancellationToken cancellationToken)
    {
        if (state.State.Admins.RemoveAll(a => string.Equals(a.Name, name, StringComparison.Ordinal)) == 0)
        {
            throw LicensingException.NotFound($"There is no named admin '{name}'.");
        }

        await WriteAsync(cancellationToken);
        return View();
    }

    private async Task WriteAsync(CancellationToken cancellationToken, bool notifyBackup = true)
    {
        state.State.Version++;
        await state.WriteStateAsync(cancellationToken);
        if (notifyBackup)
        {
            // A primary of a backup relationship sends the change to its backup at once (R-BAK-2).
            GrainFactory.GetGrain<IRelationshipGrain>(IRelationshipGrain.Key).SettingsChanged().Ignore();
        }
    }

    private AccessList View() => new(state.State.Version, [.. state.State.Rules], [.. state.State.Admins]);
}
