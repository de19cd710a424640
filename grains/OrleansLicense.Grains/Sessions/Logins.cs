using System.Runtime.ExceptionServices;
using Microsoft.Extensions.Logging;
using OrleansLicense.Contracts.Errors;
using OrleansLicense.Contracts.Sessions;
using OrleansLicense.Grains.Errors;
using OrleansLicense.Grains.Hosting;
using OrleansLicense.Grains.Licenses;
using OrleansLicense.Grains.Queries;
using OrleansLicense.Grains.Seats;

namespace OrleansLicense.Grains.Sessions;

/// <summary>
/// Logins, and the logouts of sessions that stored nothing of their own, without a session activation. A login decides
/// which license serves it and takes its seats at the pools, whose grants store who logged in (<see cref="SessionRecord"/>):
/// those leases are the session's record until its first heartbeat, when its session grain takes it over and stores it
/// (see <see cref="SessionGrain"/>). A login+logout that ends before then activates no session grain at all, which was
/// most of a hot login's cost (docs/PERFORMANCE.md, session 13).
/// </summary>
/// <remarks>
/// A logout asks the pools its id's hint names (<see cref="SessionHints"/>) to end the session if it is still theirs
/// (<see cref="IFeatureGrain.EndUnstored"/>). Anything else (a session its grain took over, one no pool holds, an id
/// this grid did not issue) goes to the session grain, which answers from its row or the leases as before.
/// A service of the silo, not a grain: it keeps nothing between calls, and the edges (HTTP, the Orleans clients'
/// gateway grain) call it in their own process, which spares every login and logout a grain call (session 14).
/// </remarks>
internal sealed partial class Logins(
    IGrainFactory grains,
    LoginLookups lookups,
    LicenseQueries queries,
    GrainReferences references,
    IIssuedSessionIds issuedIds,
    TimeProvider clock,
    ILogger<Logins> logger) : ISessionLogins
{
    public async Task<LoginResult> Login(string sessionId, LoginCommand command, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(sessionId);
        ArgumentNullException.ThrowIfNull(command);
        if (command.Features.Count == 0)
        {
            // A session is its leases until its first heartbeat: one with none would be nowhere.
            throw LicensingException.BadRequest("features must name at least one feature.");
        }

        var settings = await lookups.SettingsAsync(grains);
        if (settings.Maintenance)
        {
            throw new LicensingException(ErrorCodes.Maintenance, "The license server is in maintenance mode: logins are refused until an administrator switches it back to normal.");
        }

        var licenseIds = await lookups.LicensesOfAsync(grains, command.Product);
        if (command.LicenseId is { } asked)
        {
            licenseIds = await OnlyAskedLicenseAsync(asked, command.Product, licenseIds);
        }

        if (licenseIds.Count == 0)
        {
            throw LicensingException.NotFound($"No license for product '{command.Product}'.");
        }

        var timeout = settings.ClientTimeoutSeconds;
        var record = new SessionRecord(command.Product, command.Client, command.Address, [.. command.Features], clock.GetUtcNow());
        LicensingException? refusal = null;

        // First every license without waiting; then, when all were full and the client asked to
        // queue (R-SESS-6), again, each waiting in its pool's queue until the client's deadline.
        var queueUntil = command.QueueSeconds > 0 ? clock.GetUtcNow().AddSeconds(command.QueueSeconds) : (DateTimeOffset?)null;
        for (var pass = 0; pass < 2; pass++)
        {
            DateTimeOffset? waitUntil = pass == 0 ? null : queueUntil;
            if (pass == 1 && (waitUntil is null || refusal?.Code != ErrorCodes.SeatsExhausted))
            {
                break;
            }

            foreach (var licenseId in licenseIds)
            {
                var summary = await lookups.SummaryAsync(grains, licenseId);
                var unusable = Unusable(summary, command);
                if (unusable is not null)
                {
                    refusal = MoreTelling(refusal, unusable);
                    continue;
                }

                try
                {
                    await LicenseUse.CheckUsageUploadedAsync(grains, licenseId, summary!.ForcedAuthenticationHours, command.Client, cancellationToken);
                    LicenseUse.Check(summary, command.IsLoopback, clock.GetUtcNow());

                    // No look at the pools' free seats first: a retry whose first attempt took its seats (its answer
                    // lost with a silo) must find them, full pool or not.
                    await TakeSeatsAsync(sessionId, summary.Id, record, timeout, waitUntil, cancellationToken);
                }
                catch (LicensingException ex)
                {
                    refusal = MoreTelling(refusal, ex);
                    continue;
                }

                return new LoginResult(sessionId, timeout, SessionTimeouts.HeartbeatIntervalSeconds(timeout), summary.Id, command.Features);
            }
        }

        throw refusal ?? LicensingException.NotFound($"No license for product '{command.Product}'.");
    }

    public async Task Logout(string sessionId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(sessionId);
        if (issuedIds.WasIssued(sessionId))
        {
            var hint = SessionHints.InId(sessionId);
            var pools = (await lookups.PoolsAsync(queries, cancellationToken)).Where(p => SessionHints.MayHold(hint, p.Product, p.Feature)).ToList();
            var ends = await Task.WhenAll(pools.Select(p => Pool(p.LicenseId, p.Feature).EndUnstored(sessionId, cancellationToken)));
            if (ends.Any(e => e.Outcome == UnstoredEndOutcome.Ended) && !ends.Any(e => e.Outcome == UnstoredEndOutcome.Owned))
            {
                LogLoggedOut(sessionId, pools, ends);
                return;
            }
        }

        // Taken over by its grain, ended already, or never issued: the session grain answers.
        await references.Get<ISessionGrain>(sessionId).Logout(cancellationToken);
    }

    // R-BAK-4: a client failing over to a backup partner names the mapped license; seats come from it alone.
    private async Task<IReadOnlyList<string>> OnlyAskedLicenseAsync(string licenseId, string product, IReadOnlyList<string> licensesOfProduct)
    {
        if (licensesOfProduct.Contains(licenseId, StringComparer.Ordinal))
        {
            return [licenseId];
        }

        var summary = await lookups.SummaryAsync(grains, licenseId);
        throw summary is null
            ? LicensingException.NotFound($"There is no license '{licenseId}' on this server.")
            : LicensingException.BadRequest($"licenseId: license '{licenseId}' is not a license of product '{product}'.");
    }

    // Takes a login's seats, all or none: on a refusal the seats it took go back (released, not ended, so that a retry
    // of the login may take them again).
    private async Task TakeSeatsAsync(string sessionId, string licenseId, SessionRecord record, int timeout, DateTimeOffset? waitUntil, CancellationToken cancellationToken)
    {
        var taken = new List<string>();
        try
        {
            foreach (var feature in record.Features)
            {
                var pool = Pool(licenseId, feature.Name);
                try
                {
                    await pool.AcquireForLogin(sessionId, record, feature.Count, timeout, waitUntil, cancellationToken);
                }
                catch (Exception ex) when (ex is not LicensingException)
                {
                    // The pool may have granted before the answer was lost: give it back too.
                    taken.Add(feature.Name);
                    throw;
                }

                taken.Add(feature.Name);
            }
        }
        catch (Exception ex)
        {
            await GiveBackAsync(sessionId, licenseId, taken);
            ExceptionDispatchInfo.Throw(ex);
        }
    }

    // Should giving the seats back fail, they stay with the session: listed and removable, and their leases run out.
    private async Task GiveBackAsync(string sessionId, string licenseId, IReadOnlyCollection<string> features)
    {
        if (features.Count == 0)
        {
            return;
        }

        try
        {
            await Task.WhenAll(features.Select(f => Pool(licenseId, f).Release(sessionId, null, CancellationToken.None)));
        }
        catch (Exception ex)
        {
            LogWarningGiveBackFailed(logger, ex, sessionId, licenseId);
        }
    }

    private static LicensingException? Unusable(LicenseSummary? summary, LoginCommand command)
    {
        if (summary is null || !summary.Active)
        {
            return new LicensingException(ErrorCodes.LicenseDeactivated, $"The license of product '{command.Product}' is deactivated.");
        }

        var missing = command.Features.Select(f => f.Name).Except(summary.Features, StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
        {
            return LicensingException.NotFound($"No license of product '{command.Product}' has usable feature {string.Join(", ", missing.Select(m => $"'{m}'"))}.");
        }

        return null;
    }

    // When several licenses refuse, report the refusal that tells the client most.
    private static LicensingException MoreTelling(LicensingException? current, LicensingException candidate)
    {
        static int Rank(string code) => code switch
        {
            ErrorCodes.UsageUploadRequired => 7,
            ErrorCodes.SeatsExhausted => 6,
            ErrorCodes.LocalOnly => 5,
            ErrorCodes.LicenseExpired => 4,
            ErrorCodes.LicenseDeactivated => 3,
            ErrorCodes.NotFound => 2,
            _ => 1,
        };

        return current is null || Rank(candidate.Code) > Rank(current.Code) ? candidate : current;
    }

    // The same line a session grain writes when a session ends (issue #14 item 15): who held what.
    private void LogLoggedOut(string sessionId, IReadOnlyList<LicensePool> pools, UnstoredEnd[] ends)
    {
        if (!logger.IsEnabled(LogLevel.Information))
        {
            return;
        }

        var ended = pools.Zip(ends).Where(x => x.Second.Outcome == UnstoredEndOutcome.Ended).ToList();
        var record = ended.Select(x => x.Second.Session).FirstOrDefault(r => r is not null);
        LogInformationLoggedOut(logger, sessionId, record?.Client?.User ?? "(none)", record?.Client?.Host ?? "(none)", record?.Product ?? ended[0].First.Product,
            string.Join(", ", ended.Select(x => $"{x.First.Feature} x{x.Second.Count}")), ended[0].First.LicenseId);
    }

    private IFeatureGrain Pool(string licenseId, string feature) => references.Get<IFeatureGrain>(FeatureKey.Of(licenseId, feature));

    [LoggerMessage(EventId = 3302, Level = LogLevel.Information, Message = "Session {SessionId} logged out: user {User}, host {Host}, product {Product}, features {Features}, license {LicenseId}")]
    private static partial void LogInformationLoggedOut(ILogger logger, string sessionId, string user, string host, string product, string features, string licenseId);

    [LoggerMessage(EventId = 3301, Level = LogLevel.Warning, Message = "Session {SessionId} could not give back the seats of license {LicenseId} it took for a refused login: they stay with the session until its leases run out")]
    private static partial void LogWarningGiveBackFailed(ILogger logger, Exception error, string sessionId, string licenseId);
}
