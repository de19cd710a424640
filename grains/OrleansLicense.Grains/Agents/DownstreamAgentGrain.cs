using Microsoft.Extensions.Logging;
using OrleansLicense.Contracts.Errors;
using OrleansLicense.Grains.Errors;
using OrleansLicense.Grains.Licenses;
using OrleansLicense.Grains.Seats;
using OrleansLicense.Grains.Sessions;
using OrleansLicense.Storage;

namespace OrleansLicense.Grains.Agents;

/// <summary>
/// The downstream half of an agreement: serves the agent's seats from a local license of the upstream's id with
/// one feature of the agreed seats, renews the lease over the link, and stops granting (kicking its holders) once
/// half a lease has passed without a renewal answered, before the upstream takes the seats back (see
/// <see cref="AgentOptions"/>). A release shrinks the local pool before it tells the upstream, so a seat is never
/// counted on both sides.
/// </summary>
[GrainType("agent-down")]
internal sealed partial class DownstreamAgentGrain(
    [PersistentState("agentDown", LicenseStorage.StateStorageName)] IPersistentState<DownstreamAgentState> agreement,
    IAgentUpstreamLink link,
    TimeProvider clock,
    ILogger<DownstreamAgentGrain> logger) : Grain, IDownstreamAgentGrain, IRemindable
{
    private const string ReminderName = "agent-renew";
    private string _licenseId = "";
    private string _feature = "";
    private string _agentId = "";
    private IGrainTimer? _timer;

    private IFeatureGrain Pool => GrainFactory.GetGrain<IFeatureGrain>(FeatureKey.Of(_licenseId, _feature));

    private ILicenseGrain License => GrainFactory.GetGrain<ILicenseGrain>(_licenseId);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        (_licenseId, _feature, _agentId) = AgentKey.Parse(this.GetPrimaryKeyString());
        var state = agreement.State;
        if (state.Status == AgentStatus.Active && clock.GetUtcNow() - (state.LastLinkOk ?? DateTimeOffset.MinValue) > AgentOptions.StopAfter(state.LeaseSeconds))
        {
            // Down longer than half a lease: the upstream may have taken the seats back, so grant nothing before a renewal.
            await StopAsync(AgentStatus.Stopped, cancellationToken);
        }

        if (state.Status is AgentStatus.Active or AgentStatus.Stopped || state.SyncPending)
        {
            StartTimer();
        }
    }

    public async Task<AgentAgreement> Add(string product, AgentMode mode, int count, CancellationToken cancellationToken)
    {
        if (count < 1)
        {
            throw LicensingException.BadRequest($"featureUserNumber must be at least 1 (was {count}).");
        }

        var state = agreement.State;
        var live = state.Status is AgentStatus.Active or AgentStatus.Stopped && state.Seats > 0;
        if (live && state.Mode != mode)
        {
            throw new LicensingException(AgentErrorCodes.ModeConflict, $"Feature '{_feature}' is served in {Name(state.Mode)} mode already; release it first.");
        }

        var total = (live ? state.Seats : 0) + count;
        var answer = await CallLinkAsync(() => link.SetAsync(_licenseId, _feature, product, mode, total, cancellationToken));

        // Before the pool grants anything: in share mode every grant draws its seat upstream first.
        await Pool.ShareVia(mode == AgentMode.Share ? this.GetPrimaryKeyString() : null, cancellationToken);

        // The upstream holds the seats now; only then does the local pool grant them.
        state.Product = product;
        state.Mode = mode;
        state.Seats = total;
        state.Status = AgentStatus.Active;
        state.LeaseSeconds = answer.LeaseSeconds;
        state.LastLinkOk = clock.GetUtcNow();
        state.SyncPending = false;
        await agreement.WriteStateAsync(cancellationToken);
        await License.ServeForUpstream(product, _feature, total, cancellationToken);
        await License.SetFeatureEnabled(_feature, true, cancellationToken);
        await GrainFactory.GetGrain<IAgentDirectoryGrain>(IAgentDirectoryGrain.Key).Register("downstream", this.GetPrimaryKeyString());
        StartTimer();
        await this.RegisterOrUpdateReminder(ReminderName, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
        return await ViewAsync();
    }

    public async Task<AgentAgreement> Release(int? count, bool force, CancellationToken cancellationToken)
    {
        var state = agreement.State;
        if (state.Status is AgentStatus.Released or AgentStatus.Expired || state.Seats == 0)
        {
            throw LicensingException.NotFound($"No agent serves feature '{_feature}' of license '{_licenseId}' here.");
        }

        var left = count is { } n && n < state.Seats ? state.Seats - n : 0;
        var usage = await Pool.GetUsage();
        if (usage.Used > left)
        {
            if (!force)
            {
                throw new LicensingException(AgentErrorCodes.InUse, $"Clients hold {usage.Used} seat(s) of '{_feature}'; releasing would leave {left}. Log them out first, or release with force=true to kick them.");
            }

            await KickHoldersAsync(cancellationToken);
        }

        // Local first: the pool stops granting the released seats before the upstream counts them free.
        state.Seats = left;
        state.Status = left > 0 ? state.Status : AgentStatus.Released;
        state.SyncPending = true;
        await agreement.WriteStateAsync(cancellationToken);
        await License.ServeForUpstream(state.Product, _feature, left, cancellationToken);
        await SyncUpstreamAsync(cancellationToken);
        return await ViewAsync();
    }

    public async Task Draw(string holder, int count, CancellationToken cancellationToken)
    {
        if (agreement.State is not { Status: AgentStatus.Active, Mode: AgentMode.Share })
        {
            throw new LicensingException(AgentErrorCodes.UpstreamUnreachable, $"Feature '{_feature}' is shared with an upstream grid that has not answered for too long; try again later.");
        }

        await CallLinkAsync(() => link.DrawAsync(_licenseId, _feature, holder, count, cancellationToken));
    }

    public async Task DrawBack(string holder, int count)
    {
        var pending = agreement.State.PendingDrawBacks;
        try
        {
            await link.DrawAsync(_licenseId, _feature, holder, count, CancellationToken.None);
            if (pending.Remove(holder))
            {
                await agreement.WriteStateAsync();
            }
        }
        catch (AgentLinkException ex)
        {
            LogWarningDrawBackFailed(logger, holder, _licenseId, _feature, ex.Code);
            pending[holder] = count;
            await agreement.WriteStateAsync();
        }
    }

    public async Task<AgentAgreement?> Get() => agreement.RecordExists ? await ViewAsync() : null;

    public Task ReceiveReminder(string reminderName, TickStatus status) => RenewAsync(CancellationToken.None);

    private async Task RenewAsync(CancellationToken cancellationToken)
    {
        var state = agreement.State;
        try
        {
            if (state.SyncPending)
            {
                await SyncUpstreamAsync(cancellationToken);
                return;
            }

            foreach (var (holder, count) in state.PendingDrawBacks.ToList())
            {
                await link.DrawAsync(_licenseId, _feature, holder, count, cancellationToken);
                state.PendingDrawBacks.Remove(holder);
            }

            if (state.Status is not (AgentStatus.Active or AgentStatus.Stopped))
            {
                return;
            }

            var answer = await link.RenewAsync(_licenseId, _feature, cancellationToken);
            if (answer.Status != AgentStatus.Active || answer.Mode != state.Mode)
            {
                // The upstream took the seats back (or never had them): nothing may be served here any more.
                await StopAsync(AgentStatus.Expired, cancellationToken);
                return;
            }

            state.LeaseSeconds = answer.LeaseSeconds;
            state.LastLinkOk = clock.GetUtcNow();
            if (state.Status == AgentStatus.Stopped)
            {
                state.Status = AgentStatus.Active;
                await License.SetFeatureEnabled(_feature, true, cancellationToken);
                LogInformationLinkBack(logger, _licenseId, _feature);
            }

            await agreement.WriteStateAsync(cancellationToken);
        }
        catch (AgentLinkException ex)
        {
            LogWarningRenewFailed(logger, _licenseId, _feature, ex.Code, ex.Message);
            if (state.Status == AgentStatus.Active && clock.GetUtcNow() - (state.LastLinkOk ?? DateTimeOffset.MinValue) > AgentOptions.StopAfter(state.LeaseSeconds))
            {
                await StopAsync(AgentStatus.Stopped, cancellationToken);
            }
        }
    }

    // Link refusals cross the grain boundary as LicensingException, whose code the edges know.
    private static async Task<T> CallLinkAsync<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (AgentLinkException ex)
        {
            throw new LicensingException(ex.Code, ex.Message);
        }
    }

    private static Task CallLinkAsync(Func<Task> call) => CallLinkAsync(async () =>
    {
        await call();
        return 0;
    });

    private async Task SyncUpstreamAsync(CancellationToken cancellationToken)
    {
        var state = agreement.State;
        await link.SetAsync(_licenseId, _feature, state.Product, state.Mode, state.Seats, cancellationToken);
        state.SyncPending = false;
        state.LastLinkOk = clock.GetUtcNow();
        await agreement.WriteStateAsync(cancellationToken);
        if (state.Status == AgentStatus.Released)
        {
            StopTimer();
            if (await this.GetReminder(ReminderName) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }
        }
    }

    // Stops granting and kicks the holders: past this point the upstream may take the seats back.
    private async Task StopAsync(AgentStatus status, CancellationToken cancellationToken)
    {
        var state = agreement.State;
        await License.SetFeatureEnabled(_feature, false, cancellationToken);
        await KickHoldersAsync(cancellationToken);
        state.Status = status;
        await agreement.WriteStateAsync(cancellationToken);
        LogWarningStopped(logger, _licenseId, _feature, status.ToString());
    }

    private async Task KickHoldersAsync(CancellationToken cancellationToken)
    {
        foreach (var lease in await Pool.ListLeases())
        {
            try
            {
                await GrainFactory.GetGrain<ISessionGrain>(lease.SessionId).Remove(cancellationToken);
            }
            catch (LicensingException ex) when (ex.Code == ErrorCodes.NotFound)
            {
                // Its session is not stored as live (a crash left only the lease): free the seats at the pool.
                await Pool.Release(lease.SessionId, null, cancellationToken);
            }
        }
    }

    private async Task<AgentAgreement> ViewAsync()
    {
        var state = agreement.State;
        var usage = await Pool.GetUsage();
        return new AgentAgreement(_licenseId, _feature, _agentId, state.Product, state.Mode, state.Seats, usage.Used, state.Status, state.LeaseSeconds, state.LastLinkOk, "downstream");
    }

    private void StartTimer()
    {
        var period = AgentOptions.RenewPeriod(Math.Max(4, agreement.State.LeaseSeconds));
        _timer ??= this.RegisterGrainTimer(RenewAsync, new GrainTimerCreationOptions(period, period) { KeepAlive = true });
    }

    private void StopTimer()
    {
        _timer?.Dispose();
        _timer = null;
    }

    private static string Name(AgentMode mode) => mode == AgentMode.Share ? "share" : "increase";

    [LoggerMessage(EventId = 3811, Level = LogLevel.Warning, Message = "The agent could not renew {LicenseId}/{Feature} upstream ({Code}): {Reason}")]
    private static partial void LogWarningRenewFailed(ILogger logger, string licenseId, string feature, string code, string reason);

    [LoggerMessage(EventId = 3812, Level = LogLevel.Warning, Message = "The agent stopped serving {LicenseId}/{Feature} ({Status}): its holders were kicked")]
    private static partial void LogWarningStopped(ILogger logger, string licenseId, string feature, string status);

    [LoggerMessage(EventId = 3814, Level = LogLevel.Warning, Message = "Seats of {Holder} came back at {LicenseId}/{Feature} but the upstream could not be told ({Code}); retried with the renewals")]
    private static partial void LogWarningDrawBackFailed(ILogger logger, string holder, string licenseId, string feature, string code);

    [LoggerMessage(EventId = 3813, Level = LogLevel.Information, Message = "The upstream answers again: the agent serves {LicenseId}/{Feature} again")]
    private static partial void LogInformationLinkBack(ILogger logger, string licenseId, string feature);
}
