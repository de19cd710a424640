using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansLicense.Contracts.Errors;
using OrleansLicense.Grains.Errors;
using OrleansLicense.Grains.Licenses;
using OrleansLicense.Grains.Seats;
using OrleansLicense.Storage;

namespace OrleansLicense.Grains.Agents;

/// <summary>
/// The upstream half of an agreement: in increase mode the seats are delegated at the feature's pool (through its
/// group commit, so held + borrowed + delegated never exceed the seats); in share mode each downstream holder's
/// seats are delegated as it is granted. Either way the seats come back when the agent stops renewing for longer
/// than the lease (<see cref="AgentOptions"/>).
/// </summary>
[GrainType("agent-up")]
internal sealed partial class UpstreamAgentGrain(
    [PersistentState("agentUp", LicenseStorage.StateStorageName)] IPersistentState<UpstreamAgentState> agreement,
    IOptions<AgentOptions> options,
    TimeProvider clock,
    ILogger<UpstreamAgentGrain> logger) : Grain, IUpstreamAgentGrain, IRemindable
{
    private const string ReminderName = "agent-lease";
    private string _licenseId = "";
    private string _feature = "";
    private string _agentId = "";
    private DateTimeOffset _lastRenewal;
    private IGrainTimer? _timer;

    private int Lease => Math.Max(4, options.Value.LeaseSeconds);

    private IFeatureGrain Pool => GrainFactory.GetGrain<IFeatureGrain>(FeatureKey.Of(_licenseId, _feature));

    private string SharePrefix => _agentId + ":";

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        (_licenseId, _feature, _agentId) = AgentKey.Parse(this.GetPrimaryKeyString());

        // A restart or failover grants a full lease: the agent must never lose seats to a server crash.
        _lastRenewal = clock.GetUtcNow();
        if (agreement.State.Status == AgentStatus.Active)
        {
            StartTimer();
        }

        return Task.CompletedTask;
    }

    public async Task<AgentAgreement> Set(string product, AgentMode mode, int seats, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(seats);
        var state = agreement.State;
        if (seats > 0)
        {
            await EnsureAgentableAsync(product);
        }

        if (state.Status == AgentStatus.Active && state.Mode != mode && state.Seats > 0)
        {
            throw new LicensingException(AgentErrorCodes.ModeConflict, $"Feature '{_feature}' of license '{_licenseId}' is served by agent '{_agentId}' in {Name(state.Mode)} mode already; release it first.");
        }

        if (mode == AgentMode.Increase)
        {
            await Pool.Delegate(_agentId, seats, expired: false, cancellationToken);
        }
        else if (seats == 0)
        {
            // The agent released the feature: it kicked its holders and grants nothing more, so whatever they still
            // draw (draw-backs are one-way and may lag) comes back now.
            foreach (var key in (await DrawnAsync()).Keys)
            {
                await Pool.Delegate(key, 0, expired: false, cancellationToken);
            }
        }

        // A share agreement that shrinks below what is drawn now needs no refusal: every drawn seat stays counted
        // here until given back, and new draws are bounded by the new seats.

        state.Product = product;
        state.Mode = mode;
        state.Seats = seats;
        state.Status = seats > 0 ? AgentStatus.Active : AgentStatus.Released;
        await agreement.WriteStateAsync(cancellationToken);
        await GrainFactory.GetGrain<IAgentDirectoryGrain>(IAgentDirectoryGrain.Key).Register("upstream", this.GetPrimaryKeyString());
        _lastRenewal = clock.GetUtcNow();
        if (state.Status == AgentStatus.Active)
        {
            StartTimer();
            await this.RegisterOrUpdateReminder(ReminderName, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
        }
        else
        {
            await StopTimerAsync();
        }

        LogInformationAgreementSet(logger, _agentId, _licenseId, _feature, Name(mode), seats);
        return await ViewAsync();
    }

    public async Task<AgentAgreement?> Renew(CancellationToken cancellationToken)
    {
        if (!agreement.RecordExists)
        {
            return null;
        }

        if (agreement.State.Status == AgentStatus.Active)
        {
            _lastRenewal = clock.GetUtcNow();
        }

        return await ViewAsync();
    }

    public async Task<int> Draw(string holder, int count, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(holder);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var state = agreement.State;
        if (count > 0 && (state.Status != AgentStatus.Active || state.Mode != AgentMode.Share))
        {
            throw new LicensingException(ErrorCodes.Conflict, $"Agent '{_agentId}' has no active share agreement for '{_feature}' of license '{_licenseId}'.");
        }

        var key = SharePrefix + holder;
        var drawn = await DrawnAsync();
        var others = drawn.Where(d => d.Key != key).Sum(d => d.Value);
        if (count > 0 && others + count > state.Seats)
        {
            throw LicensingException.SeatsExhausted(_feature, Math.Max(0, state.Seats - others), count);
        }

        // A draw is also a sign of life.
        _lastRenewal = clock.GetUtcNow();
        return await Pool.Delegate(key, count, expired: false, cancellationToken);
    }

    public async Task<AgentAgreement?> Get() => agreement.RecordExists ? await ViewAsync() : null;

    public Task ReceiveReminder(string reminderName, TickStatus status) => CheckLeaseAsync(CancellationToken.None);

    private async Task CheckLeaseAsync(CancellationToken cancellationToken)
    {
        if (agreement.State.Status != AgentStatus.Active || clock.GetUtcNow() - _lastRenewal <= TimeSpan.FromSeconds(Lease))
        {
            return;
        }

        // The link is gone longer than the lease: the downstream stopped granting half a lease ago; take the seats back.
        await Pool.Delegate(_agentId, 0, expired: true, cancellationToken);
        foreach (var key in (await DrawnAsync()).Keys)
        {
            await Pool.Delegate(key, 0, expired: true, cancellationToken);
        }

        agreement.State.Status = AgentStatus.Expired;
        await agreement.WriteStateAsync(cancellationToken);
        LogWarningLeaseExpired(logger, _agentId, _licenseId, _feature, Lease);
        await StopTimerAsync();
    }

    private async Task<Dictionary<string, int>> DrawnAsync()
        => (await Pool.ListDelegations()).Where(d => d.Key.StartsWith(SharePrefix, StringComparison.Ordinal)).ToDictionary(d => d.Key, d => d.Value, StringComparer.Ordinal);

    private async Task EnsureAgentableAsync(string product)
    {
        var terms = await GrainFactory.GetGrain<ILicenseGrain>(_licenseId).GetTerms();
        if (terms is null || !string.Equals(terms.Product, product, StringComparison.Ordinal))
        {
            throw LicensingException.NotFound($"Product '{product}' has no license '{_licenseId}'.");
        }

        if (!terms.Features.Contains(_feature, StringComparer.Ordinal))
        {
            throw LicensingException.NotFound($"License '{_licenseId}' has no feature '{_feature}'.");
        }

        if (!terms.Agentable)
        {
            throw new LicensingException(AgentErrorCodes.NotAgentable, $"License '{_licenseId}' does not allow agents (the vendor did not issue it with --agentable).");
        }
    }

    private async Task<AgentAgreement> ViewAsync()
    {
        var state = agreement.State;
        var inUse = state.Mode == AgentMode.Share ? (await DrawnAsync()).Values.Sum() : state.Status == AgentStatus.Active ? state.Seats : 0;
        return new AgentAgreement(_licenseId, _feature, _agentId, state.Product, state.Mode, state.Seats, inUse, state.Status, Lease, _lastRenewal, "upstream");
    }

    private void StartTimer()
    {
        var period = TimeSpan.FromSeconds(Math.Clamp(Lease / 10.0, 1, 60));
        _timer ??= this.RegisterGrainTimer(CheckLeaseAsync, new GrainTimerCreationOptions(period, period) { KeepAlive = true });
    }

    private async Task StopTimerAsync()
    {
        _timer?.Dispose();
        _timer = null;
        if (await this.GetReminder(ReminderName) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    private static string Name(AgentMode mode) => mode == AgentMode.Share ? "share" : "increase";

    [LoggerMessage(EventId = 3801, Level = LogLevel.Information, Message = "Agent {AgentId} now holds {Seats} seat(s) of {LicenseId}/{Feature} in {Mode} mode")]
    private static partial void LogInformationAgreementSet(ILogger logger, string agentId, string licenseId, string feature, string mode, int seats);

    [LoggerMessage(EventId = 3802, Level = LogLevel.Warning, Message = "Agent {AgentId} did not renew its lease of {LicenseId}/{Feature} for {LeaseSeconds} s: its seats came back")]
    private static partial void LogWarningLeaseExpired(ILogger logger, string agentId, string licenseId, string feature, int leaseSeconds);
}
