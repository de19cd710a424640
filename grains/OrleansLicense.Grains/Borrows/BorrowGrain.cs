using Microsoft.Extensions.Logging;
using OrleansLicense.Contracts.Admin;
using OrleansLicense.Contracts.Errors;
using OrleansLicense.Contracts.Sessions;
using OrleansLicense.Grains.Errors;
using OrleansLicense.Grains.Licenses;
using OrleansLicense.Grains.Seats;
using OrleansLicense.Grains.Settings;
using OrleansLicense.Grains.Usage;
using OrleansLicense.Licensing.Documents;
using OrleansLicense.Storage;

namespace OrleansLicense.Grains.Borrows;

/// <summary>
/// One borrow. The borrow is written as pending before any seat is taken, with a short reminder as a guard: a crash
/// between taking the seats and recording success is rolled back by that reminder. Once lent, the reminder is moved
/// to the expiry, where it gives the seats back on whichever silo owns it, also after restarts and silo deaths
/// (R-BOR-3). A distribution never expires and has no reminder.
/// </summary>
/// <remarks>
/// Orleans' reminders tick on a grid of their period from their due time; a tick missed while no silo ran is not
/// delivered late but at the next point of that grid. So the reminders here have the shortest period Orleans allows
/// (<see cref="RetryPeriod"/>): an expiry that passed during downtime is handled at most that long after the next
/// start, and a tick that could not give the seats back is retried that often until it can.
/// </remarks>
[GrainType("borrow")]
internal sealed partial class BorrowGrain(
    [PersistentState("borrow", LicenseStorage.StateStorageName)] IPersistentState<BorrowState> borrow,
    TimeProvider clock,
    ILogger<BorrowGrain> logger) : Grain, IBorrowGrain, IRemindable
{
    private const string ReminderName = "borrow-expiry";

    // How long a borrow may stay pending before its reminder rolls it back.
    private static readonly TimeSpan PendingGuard = TimeSpan.FromMinutes(1);

    // The reminders' period: Orleans' default ReminderOptions.MinimumReminderPeriod (one minute).
    private static readonly TimeSpan RetryPeriod = TimeSpan.FromMinutes(1);

    private string Key => this.GetPrimaryKeyString();

    public async Task<BorrowInfo> Borrow(BorrowCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (borrow.State.Status != BorrowStatus.None)
        {
            // Borrow ids are fresh per request, so the same online borrow arriving again is the router
            // re-delivering a call whose answer was lost with a silo: answer it once more.
            if (IsSameOnlineBorrow(borrow.State, command))
            {
                return Info();
            }

            throw command.Offline is { } offline
                ? new LicensingException(ErrorCodes.BorrowReplayed, $"The borrow request {offline.RequestId} was used already (borrow {Key}); write a new request on the offline machine.")
                : LicensingException.BadRequest($"Borrow id '{Key}' is already in use.");
        }

        CheckFeatures(command.Features);
        var settings = await GrainFactory.GetGrain<ISettingsGrain>(ISettingsGrain.Key).Get();
        if (settings.Maintenance)
        {
            throw new LicensingException(ErrorCodes.Maintenance, "The license server is in maintenance mode: new borrows are refused until an administrator switches it back to normal.");
        }

        var length = Length(command, settings);
        IReadOnlyList<string> licenseIds = command.LicenseId is { } licenseId
            ? [licenseId]
            : await GrainFactory.GetGrain<ILicenseIndexGrain>(ILicenseIndexGrain.Key).FindByProduct(command.Product);
        if (licenseIds.Count == 0)
        {
            throw LicensingException.NotFound($"No license for product '{command.Product}'.");
        }

        LicensingException? refusal = null;
        foreach (var id in licenseIds)
        {
            try
            {
                var terms = await GrainFactory.GetGrain<ILicenseGrain>(id).GetTerms();
                var features = Usable(id, terms, command);
                await CheckUsageAsync(terms!, command.Client, cancellationToken);
                return await LendAsync(terms!, features, command, length, cancellationToken);
            }
            catch (LicensingException ex)
            {
                refusal = MoreTelling(refusal, ex);
            }
        }

        throw refusal!;
    }

    public async Task<BorrowInfo> Return(CancellationToken cancellationToken)
    {
        var state = borrow.State;
        switch (state.Status)
        {
            case BorrowStatus.Returned or BorrowStatus.Expired:
                return Info();
            case BorrowStatus.Active:
                EnsureReturnable();
                await EndAsync(BorrowStatus.Returned, cancellationToken);
                return Info();
            case BorrowStatus.Pending:
                throw new LicensingException(ErrorCodes.Conflict, $"Borrow '{Key}' is still being lent; try again.");
            default:
                throw Unknown();
        }
    }

    public async Task<BorrowInfo> ReturnOffline(OfflineReturn request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var state = borrow.State;
        if (state.Status is BorrowStatus.None or BorrowStatus.Pending)
        {
            throw Unknown();
        }

        if (state.Offline is null || !string.Equals(state.Offline.ClientKey, request.ClientKey, StringComparison.Ordinal))
        {
            throw new LicensingException(ErrorCodes.BorrowFileInvalid, $"The return file is not signed by the machine that borrowed '{Key}'.");
        }

        if (!string.Equals(state.Fingerprint, request.Fingerprint, StringComparison.Ordinal))
        {
            throw new LicensingException(ErrorCodes.FingerprintMismatch, $"Borrow '{Key}' was lent to machine '{state.Fingerprint}', not to '{request.Fingerprint}'.");
        }

        EnsureReturnable();
        switch (state.Status)
        {
            case BorrowStatus.Returned:
                throw new LicensingException(ErrorCodes.BorrowReplayed, $"Borrow '{Key}' was returned already at {state.EndedAt:O} (return {state.ReturnRequestId}).");
            case BorrowStatus.Expired:
                return Info();
            default:
                state.ReturnRequestId = request.RequestId;
                await EndAsync(BorrowStatus.Returned, cancellationToken);
                return Info();
        }
    }

    public Task<BorrowInfo?> Get() => Task.FromResult(borrow.State.Status == BorrowStatus.None ? null : Info());

    // A tick has no caller to cancel it: its work runs to the end.
    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        var cancellationToken = CancellationToken.None;
        var state = borrow.State;
        var now = clock.GetUtcNow();
        switch (state.Status)
        {
            case BorrowStatus.Pending:
                // The borrow died half-way: give back whatever was taken.
                await ReturnSeatsAsync(expired: false, cancellationToken);
                await borrow.ClearStateAsync(cancellationToken);
                await UnregisterReminderAsync();
                LogWarningRolledBack(logger, Key);
                break;
            case BorrowStatus.Active when state.Returnable && now >= state.Until:
                await EndAsync(BorrowStatus.Expired, cancellationToken);
                LogInformationExpired(logger, Key, state.LicenseId);
                break;
            case BorrowStatus.Active when state.Returnable:
                await ArmExpiryAsync();
                break;
            default:
                await UnregisterReminderAsync();
                break;
        }
    }

    private static bool IsSameOnlineBorrow(BorrowState state, BorrowCommand command) =>
        command.Offline is null
        && state.Status == BorrowStatus.Active
        && state.Offline is null
        && state.Product == command.Product
        && (command.LicenseId is null || state.LicenseId == command.LicenseId)
        && state.Returnable == !command.Distribute
        && Equals(state.Client, command.Client)
        && (command.Features.Count == 0 || state.Features.SequenceEqual(command.Features));

    private static void CheckFeatures(IReadOnlyList<FeatureRequest> features)
    {
        ArgumentNullException.ThrowIfNull(features);
        foreach (var feature in features)
        {
            if (!LicenseDocumentValidator.IsValidFeatureName(feature.Name))
            {
                throw LicensingException.BadRequest($"Feature name '{feature.Name}' is not valid.");
            }

            if (feature.Count < 1)
            {
                throw LicensingException.BadRequest($"features.{feature.Name}.count must be at least 1 (was {feature.Count}).");
            }
        }

        if (features.Select(f => f.Name).Distinct(StringComparer.Ordinal).Count() != features.Count)
        {
            throw LicensingException.BadRequest("features: each feature may be named once.");
        }
    }

    // R-BOR-2 and R-BOR-5: a product's rule (else 30 days) bounds a borrow; a distribution lends for 100 years.
    private static TimeSpan Length(BorrowCommand command, SettingsView settings)
    {
        if (command.Distribute)
        {
            return TimeSpan.FromHours(BorrowLimits.DistributionHours);
        }

        var ruled = settings.BorrowRules.TryGetValue(command.Product, out var rule);
        var limit = ruled ? rule!.MaxHours : BorrowLimits.DefaultMaxHours;
        if (command.Hours < 1)
        {
            throw LicensingException.BadRequest($"hours must be at least 1 (was {command.Hours}).");
        }

        if (command.Hours > limit)
        {
            var source = ruled
                ? $"the borrow rule of product '{command.Product}'"
                : $"the default (a borrow rule for the product may raise it up to {BorrowLimits.RuleMaxHours} hours)";
            throw new LicensingException(ErrorCodes.BorrowLimit, $"Borrowing for {command.Hours} hours is over the limit of {limit} hours set by {source}.");
        }

        return TimeSpan.FromHours(command.Hours);
    }

    private static LicensingException MoreTelling(LicensingException? current, LicensingException candidate)
    {
        static int Rank(string code) => code switch
        {
            ErrorCodes.UsageUploadRequired => 8,
            ErrorCodes.SeatsExhausted => 7,
            ErrorCodes.BorrowNotAllowed => 6,
            ErrorCodes.LocalOnly => 6,
            ErrorCodes.LicenseExpired => 5,
            ErrorCodes.LicenseDeactivated => 4,
            ErrorCodes.NotFound => 2,
            _ => 3,
        };

        return current is null || Rank(candidate.Code) > Rank(current.Code) ? candidate : current;
    }

    private IReadOnlyList<FeatureRequest> Usable(string licenseId, LicenseTerms? terms, BorrowCommand command)
    {
        if (terms is null || (command.LicenseId is not null && !string.Equals(terms.Product, command.Product, StringComparison.Ordinal)))
        {
            throw LicensingException.NotFound($"No license '{licenseId}' of product '{command.Product}'.");
        }

        if (!terms.Active)
        {
            throw new LicensingException(ErrorCodes.LicenseDeactivated, $"License '{licenseId}' is deactivated.");
        }

        if (terms.Expires is { } expires && expires <= clock.GetUtcNow())
        {
            throw new LicensingException(ErrorCodes.LicenseExpired, $"License '{licenseId}' expired at {expires:O}.");
        }

        // Lent seats leave this machine unless an online borrower sits on it (issue 14, item 11).
        if (terms.LocalOnly && (!command.FromThisMachine || command.Offline is not null))
        {
            throw new LicensingException(ErrorCodes.LocalOnly, $"License '{licenseId}' serves only clients on the server's own machine.");
        }

        if (!terms.Borrowable)
        {
            throw new LicensingException(ErrorCodes.BorrowNotAllowed, $"License '{licenseId}' does not allow borrowing.");
        }

        if (command.Distribute && !terms.Distributable)
        {
            throw new LicensingException(ErrorCodes.BorrowNotAllowed, $"License '{licenseId}' does not allow distribution.");
        }

        // Bit_CheckOutSn: no feature named borrows one seat of each.
        if (command.Features.Count == 0)
        {
            return terms.EnabledFeatures.Count > 0
                ? [.. terms.EnabledFeatures.Select(f => new FeatureRequest(f, 1))]
                : throw LicensingException.NotFound($"License '{licenseId}' has no usable feature.");
        }

        var missing = command.Features.Select(f => f.Name).Except(terms.EnabledFeatures, StringComparer.Ordinal).ToList();
        return missing.Count == 0
            ? command.Features
            : throw LicensingException.NotFound($"License '{licenseId}' has no usable feature {string.Join(", ", missing.Select(m => $"'{m}'"))}.");
    }

    private Task CheckUsageAsync(LicenseTerms terms, ClientInfo? client, CancellationToken cancellationToken)
        => LicenseUse.CheckUsageUploadedAsync(GrainFactory, terms.Id, terms.UsageStatistics ? terms.ForcedAuthenticationHours : null, client, cancellationToken);

    private async Task<BorrowInfo> LendAsync(LicenseTerms terms, IReadOnlyList<FeatureRequest> features, BorrowCommand command, TimeSpan length, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var until = now + length;
        if (terms.Expires is { } expires && expires < until)
        {
            // A borrow never outlives its license.
            until = expires;
        }

        borrow.State = new BorrowState
        {
            Status = BorrowStatus.Pending,
            LicenseId = terms.Id,
            Product = terms.Product,
            Features = [.. features],
            BorrowedAt = now,
            Until = until,
            Returnable = !command.Distribute,
            Client = command.Client,
            Fingerprint = UsageClientId.Of(command.Client),
            Offline = command.Offline,
        };
        await borrow.WriteStateAsync(cancellationToken);
        await this.RegisterOrUpdateReminder(ReminderName, PendingGuard, RetryPeriod);

        try
        {
            // All or none: on a refusal give back what this borrow took.
            foreach (var feature in features)
            {
                await Feature(terms.Id, feature.Name).Borrow(Key, feature.Count, until, cancellationToken);
            }
        }
        catch
        {
            await ReturnSeatsAsync(expired: false, CancellationToken.None);
            await borrow.ClearStateAsync(CancellationToken.None);
            await UnregisterReminderAsync();
            throw;
        }

        borrow.State.Status = BorrowStatus.Active;
        await borrow.WriteStateAsync(cancellationToken);
        await ArmExpiryAsync();
        LogInformationBorrowed(logger, Key, terms.Id, string.Join(", ", features.Select(f => $"{f.Name}:{f.Count}")), until);
        return Info();
    }

    private async Task ArmExpiryAsync()
    {
        var state = borrow.State;
        if (!state.Returnable)
        {
            // A distribution never ends.
            await UnregisterReminderAsync();
            return;
        }

        var wait = state.Until - clock.GetUtcNow();
        await this.RegisterOrUpdateReminder(ReminderName, wait < TimeSpan.Zero ? TimeSpan.Zero : wait, RetryPeriod);
    }

    private async Task UnregisterReminderAsync()
    {
        if (await this.GetReminder(ReminderName) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    private async Task EndAsync(BorrowStatus status, CancellationToken cancellationToken)
    {
        await ReturnSeatsAsync(expired: status == BorrowStatus.Expired, cancellationToken);
        var state = borrow.State;
        state.Status = status;
        state.EndedAt = clock.GetUtcNow();
        await borrow.WriteStateAsync(cancellationToken);
        await UnregisterReminderAsync();
        if (status == BorrowStatus.Returned)
        {
            LogInformationReturned(logger, Key, state.LicenseId);
        }
    }

    // Idempotent: a pool that holds nothing for this borrow answers 0.
    private Task ReturnSeatsAsync(bool expired, CancellationToken cancellationToken)
        => Task.WhenAll(borrow.State.Features.Select(f => Feature(borrow.State.LicenseId, f.Name).ReturnBorrow(Key, expired, cancellationToken)));

    private void EnsureReturnable()
    {
        if (!borrow.State.Returnable)
        {
            throw new LicensingException(ErrorCodes.NotReturnable, $"Borrow '{Key}' is a distribution of license '{borrow.State.LicenseId}': distributed seats can never be returned.");
        }
    }

    private LicensingException Unknown() => LicensingException.NotFound($"No borrow '{Key}'.");

    private BorrowInfo Info()
    {
        var state = borrow.State;
        return new BorrowInfo(Key, state.LicenseId, state.Product, state.Features, state.BorrowedAt, state.Until, state.Returnable, state.Status, state.Client, state.Fingerprint, state.Offline, state.EndedAt);
    }

    private IFeatureGrain Feature(string licenseId, string feature) => GrainFactory.GetGrain<IFeatureGrain>(FeatureKey.Of(licenseId, feature));

    [LoggerMessage(EventId = 3201, Level = LogLevel.Information, Message = "Borrow {BorrowId} lent {Features} of license {LicenseId} until {Until}")]
    private static partial void LogInformationBorrowed(ILogger logger, string borrowId, string licenseId, string features, DateTimeOffset until);

    [LoggerMessage(EventId = 3202, Level = LogLevel.Information, Message = "Borrow {BorrowId} of license {LicenseId} returned")]
    private static partial void LogInformationReturned(ILogger logger, string borrowId, string licenseId);

    [LoggerMessage(EventId = 3203, Level = LogLevel.Information, Message = "Borrow {BorrowId} of license {LicenseId} expired: its seats are back")]
    private static partial void LogInformationExpired(ILogger logger, string borrowId, string licenseId);

    [LoggerMessage(EventId = 3204, Level = LogLevel.Warning, Message = "Borrow {BorrowId} was left pending (a crash while lending): rolled back")]
    private static partial void LogWarningRolledBack(ILogger logger, string borrowId);
}
