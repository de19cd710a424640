using OrleansLicense.Contracts.Errors;
using OrleansLicense.Contracts.Sessions;
using OrleansLicense.Grains.Errors;
using OrleansLicense.Grains.Licenses;
using OrleansLicense.Grains.Seats;
using OrleansLicense.Grains.Settings;
using OrleansLicense.Grains.Usage;
using OrleansLicense.Runtime.Grains;
using OrleansLicense.Runtime.Persistence;

namespace OrleansLicense.Grains.Sessions;

/// <summary>
/// One client session. The session decides which license serves a login and takes the seats
/// at the feature pools; heartbeats stay in memory and renew the pools' leases at most every
/// timeout / 4, so a heartbeat costs no write.
/// </summary>
internal sealed class SessionGrain(
    [PersistentState("session")] IPersistentState<SessionState> session,
    LoginLookups lookups) : Grain, ISessionGrain
{
    // A client retries one check-out at a time; a few ids cover retries that overlap a new check-out.
    private const int RecentCheckOutsKept = 8;

    private DateTimeOffset _lastHeartbeat;
    private DateTimeOffset _lastRenewal;

    // Forced authentication (R-USE-1): until when the client's last usage upload is good; null = not checked yet.
    private DateTimeOffset? _usageDue;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // After a restart the last heartbeat is unknown: count from now, as the pools do. The pools'
        // leases, though, may have run on since this session was last active (idle collection, or
        // another silo): the first heartbeat of a fresh activation always renews them.
        _lastHeartbeat = TimeProvider.GetUtcNow();
        _lastRenewal = DateTimeOffset.MinValue;
        return Task.CompletedTask;
    }

    public async Task<LoginResult> Login(LoginCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (session.State.Status != SessionStatus.None)
        {
            // Session ids are fresh per login, so the same login arriving again is the router
            // re-delivering a call whose answer was lost with a silo: answer it once more.
            if (IsSameLogin(session.State, command))
            {
                var held = session.State;
                return new LoginResult(Key, held.TimeoutSeconds, SessionTimeouts.HeartbeatIntervalSeconds(held.TimeoutSeconds), held.LicenseId, held.Features);
            }

            throw LicensingException.BadRequest($"Session id '{Key}' is already in use.");
        }

        var settings = await lookups.SettingsAsync(GrainFactory);
        if (settings.Maintenance)
        {
            throw new LicensingException(ErrorCodes.Maintenance, "The license server is in maintenance mode: logins are refused until an administrator switches it back to normal.");
        }

        var licenseIds = await lookups.LicensesOfAsync(GrainFactory, command.Product);
        if (licenseIds.Count == 0)
        {
            throw LicensingException.NotFound($"No license for product '{command.Product}'.");
        }

        var timeout = settings.ClientTimeoutSeconds;
        LicensingException? refusal = null;
        // First every license without waiting; then, when all were full and the client asked to
        // queue (R-SESS-6), again, each waiting in its pool's queue until the client's deadline.
        var queueUntil = command.QueueSeconds > 0 ? TimeProvider.GetUtcNow().AddSeconds(command.QueueSeconds) : (DateTimeOffset?)null;
        for (var pass = 0; pass < 2; pass++)
        {
            DateTimeOffset? waitUntil = pass == 0 ? null : queueUntil;
            if (pass == 1 && (waitUntil is null || refusal?.Code != ErrorCodes.SeatsExhausted))
            {
                break;
            }

            foreach (var licenseId in licenseIds)
            {
                var summary = await lookups.SummaryAsync(GrainFactory, licenseId);
                var unusable = Unusable(summary, command);
                if (unusable is not null)
                {
                    refusal = MoreTelling(refusal, unusable);
                    continue;
                }

                try
                {
                    await EnsureUsageUploadedAsync(licenseId, summary!.ForcedAuthenticationHours, command.Client, cancellationToken);
                    if (waitUntil is null && !lookups.RecentlyExhausted(licenseId))
                    {
                        await GrantAndStoreAtOnceAsync(command, summary!, timeout, cancellationToken);
                        return Answer(timeout);
                    }

                    await AcquireAllAsync(summary!, command.Features, timeout, command.IsLoopback, waitUntil, cancellationToken);
                }
                catch (LicensingException ex)
                {
                    NoteRefusal(licenseId, ex);
                    refusal = MoreTelling(refusal, ex);
                    continue;
                }

                BecomeActive(command, licenseId, timeout);
                try
                {
                    await session.WriteStateAsync(cancellationToken);
                }
                catch
                {
                    session.State.Status = SessionStatus.None;
                    await ReleaseAsync(licenseId, command.Features.Select(f => f.Name), CancellationToken.None);
                    throw;
                }

                return Answer(timeout);
            }
        }

        throw refusal ?? LicensingException.NotFound($"No license for product '{command.Product}'.");
    }

    // The seats and the session's document are stored at once, in the same group commit as a rule,
    // instead of one durable write after the other: a login then waits for one commit, not two.
    // Should the seats be refused, the document written meanwhile is put back to "no session"
    // (so a retry of this login starts afresh), which costs a write: the caller skips this path
    // for a license whose pool refused a login on this silo a moment ago.
    private async Task GrantAndStoreAtOnceAsync(LoginCommand command, LicenseSummary summary, int timeout, CancellationToken cancellationToken)
    {
        BecomeActive(command, summary.Id, timeout);
        var granted = AcquireAllAsync(summary, command.Features, timeout, command.IsLoopback, waitUntil: null, cancellationToken, loggingIn: true);
        var written = session.WriteStateAsync(cancellationToken);
        try
        {
            await Task.WhenAll(granted, written);
        }
        catch
        {
            var state = session.State;
            state.Status = SessionStatus.None;
            state.Features = [];
            if (granted.IsCompletedSuccessfully)
            {
                // The document was not stored: give the seats back.
                await ReleaseAsync(summary.Id, command.Features.Select(f => f.Name), CancellationToken.None);
            }
            else if (written.IsCompletedSuccessfully)
            {
                await session.WriteStateAsync(CancellationToken.None);
            }

            // Awaiting both rethrows the seats' failure first (a refusal tells the client most), else the write's.
            throw;
        }
    }

    private void BecomeActive(LoginCommand command, string licenseId, int timeout)
    {
        var now = TimeProvider.GetUtcNow();
        var state = session.State;
        state.Status = SessionStatus.Active;
        state.Product = command.Product;
        state.LicenseId = licenseId;
        state.Client = command.Client;
        state.Address = command.Address;
        state.Features = [.. command.Features];
        state.Since = now;
        state.TimeoutSeconds = timeout;
        _lastHeartbeat = _lastRenewal = now;
    }

    private LoginResult Answer(int timeout)
        => new(Key, timeout, SessionTimeouts.HeartbeatIntervalSeconds(timeout), session.State.LicenseId, session.State.Features);

    private void NoteRefusal(string licenseId, LicensingException refusal)
    {
        if (refusal.Code == ErrorCodes.SeatsExhausted)
        {
            lookups.NoteExhausted(licenseId);
        }
    }

    private static bool IsSameLogin(SessionState state, LoginCommand command) =>
        state.Status == SessionStatus.Active
        && state.Product == command.Product
        && Equals(state.Client, command.Client)
        && state.Features.SequenceEqual(command.Features);

    public async Task<HeartbeatResult> Heartbeat(CancellationToken cancellationToken)
    {
        EnsureActive();
        await EnsureUsageStillUploadedAsync(cancellationToken);
        var now = TimeProvider.GetUtcNow();
        _lastHeartbeat = now;
        var timeout = session.State.TimeoutSeconds;
        if (now - _lastRenewal >= TimeSpan.FromSeconds(timeout / 4.0))
        {
            _lastRenewal = now;
            var renewed = await Task.WhenAll(session.State.Features.Select(f =>
                Feature(f.Name).Renew(Key, cancellationToken)));
            if (renewed.Contains(false))
            {
                // A pool expired this session before the heartbeat arrived: it is kicked.
                await KickAsync(cancellationToken);
                EnsureActive();
            }
        }

        return new HeartbeatResult(timeout, SessionTimeouts.HeartbeatIntervalSeconds(timeout));
    }

    public async Task<IReadOnlyList<FeatureRequest>> CheckOut(IReadOnlyList<FeatureRequest> features, string? requestId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(features);
        EnsureActive();
        var state = session.State;
        if (requestId is not null && state.RecentCheckOuts.Contains(requestId))
        {
            // A retry (by the client, or by the router after a silo died) of a check-out that took its seats.
            return state.Features;
        }

        await EnsureUsageStillUploadedAsync(cancellationToken);
        var summary = await lookups.SummaryAsync(GrainFactory, state.LicenseId)
            ?? throw LicensingException.NotFound($"License '{state.LicenseId}' no longer exists.");
        var missing = features.Select(f => f.Name).Except(summary.Features, StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
        {
            throw LicensingException.NotFound($"License '{state.LicenseId}' has no usable feature {string.Join(", ", missing.Select(m => $"'{m}'"))}.");
        }

        // Local-only was checked at login; the connection's origin is the login's.
        await AcquireAllAsync(summary, features, state.TimeoutSeconds, isLoopback: true, waitUntil: null, cancellationToken);
        foreach (var feature in features)
        {
            var at = state.Features.FindIndex(f => f.Name == feature.Name);
            state.Features = at < 0
                ? [.. state.Features, feature]
                : [.. state.Features.Select((f, i) => i == at ? f with { Count = f.Count + feature.Count } : f)];
        }

        if (requestId is not null)
        {
            state.RecentCheckOuts = [.. state.RecentCheckOuts.TakeLast(RecentCheckOutsKept - 1), requestId];
        }

        await session.WriteStateAsync(cancellationToken);
        return state.Features;
    }

    public async Task CheckIn(string feature, CancellationToken cancellationToken)
    {
        EnsureActive();
        var state = session.State;
        if (!state.Features.Any(f => f.Name == feature))
        {
            throw LicensingException.NotFound($"Session '{Key}' holds no seat of feature '{feature}'.");
        }

        await Feature(feature).Release(Key, null, cancellationToken);
        state.Features = [.. state.Features.Where(f => f.Name != feature)];
        await session.WriteStateAsync(cancellationToken);
    }

    public async Task Logout(CancellationToken cancellationToken)
    {
        switch (session.State.Status)
        {
            case SessionStatus.LoggedOut:
                return;
            case SessionStatus.Active:
                await EndAsync(SessionStatus.LoggedOut, cancellationToken);
                return;
            default:
                EnsureActive();
                return;
        }
    }

    public async Task Remove(CancellationToken cancellationToken)
    {
        if (session.State.Status != SessionStatus.Active)
        {
            throw LicensingException.NotFound($"No live session '{Key}'.");
        }

        await EndAsync(SessionStatus.Kicked, cancellationToken);
    }

    public Task<SessionInfo?> GetInfo()
    {
        var state = session.State;
        return Task.FromResult(state.Status == SessionStatus.None
            ? null
            : new SessionInfo(Key, state.Product, state.LicenseId, state.Client, state.Address, state.Features, state.Since, _lastHeartbeat, state.Status));
    }

    public Task LeaseExpired(string licenseId, string feature)
        => session.State.Status == SessionStatus.Active ? KickAsync(CancellationToken.None) : Task.CompletedTask;

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

    // The caller has read the license summary already: one read per login, not two.
    private async Task AcquireAllAsync(LicenseSummary summary, IReadOnlyList<FeatureRequest> features, int timeout, bool isLoopback, DateTimeOffset? waitUntil, CancellationToken cancellationToken, bool loggingIn = false)
    {
        var licenseId = summary.Id;
        if (summary.Expires is { } expires && expires <= TimeProvider.GetUtcNow())
        {
            throw new LicensingException(ErrorCodes.LicenseExpired, $"License '{licenseId}' expired at {expires:O}.");
        }

        if (summary.LocalOnly && !isLoopback)
        {
            throw new LicensingException(ErrorCodes.LocalOnly, $"License '{licenseId}' serves only clients on the server's own machine.");
        }

        // All or none: take each feature in turn; on a refusal give back what this call took.
        var taken = new List<FeatureRequest>();
        try
        {
            foreach (var feature in features)
            {
                // A session logging in holds nothing yet (its document may say "active" already).
                var heldBefore = loggingIn ? 0 : HeldNow(feature.Name);
                await GrainFactory.GetGrain<IFeatureGrain>(FeatureKey.Of(licenseId, feature.Name)).Acquire(Key, heldBefore, feature.Count, timeout, waitUntil, cancellationToken);
                taken.Add(feature);
            }
        }
        catch
        {
            await Task.WhenAll(taken.Select(t => GrainFactory.GetGrain<IFeatureGrain>(FeatureKey.Of(licenseId, t.Name)).Release(Key, t.Count, CancellationToken.None)));
            throw;
        }
    }

    // What this session holds of a feature before a grant (none before its login is written).
    private int HeldNow(string feature) =>
        session.State.Status == SessionStatus.Active ? session.State.Features.Find(f => f.Name == feature)?.Count ?? 0 : 0;

    // A license with usage statistics and forced authentication refuses a client whose usage upload is overdue.
    private async Task EnsureUsageUploadedAsync(string licenseId, int? forcedAuthenticationHours, ClientInfo? client, CancellationToken cancellationToken)
    {
        if (forcedAuthenticationHours is not int hours)
        {
            _usageDue = DateTimeOffset.MaxValue;
            return;
        }

        var clientId = UsageClientId.Of(client);
        var check = await GrainFactory.GetGrain<IUsageGrain>(licenseId).Check(clientId, hours, cancellationToken);
        _usageDue = check.Due;
        if (!check.Allowed)
        {
            throw UsageRefusal.Create(licenseId, clientId, hours, check.Due);
        }
    }

    // Within a session the answer is kept until it falls due, so a heartbeat costs no extra call.
    private async Task EnsureUsageStillUploadedAsync(CancellationToken cancellationToken)
    {
        if (_usageDue is { } due && TimeProvider.GetUtcNow() < due)
        {
            return;
        }

        var summary = await lookups.SummaryAsync(GrainFactory, session.State.LicenseId);
        await EnsureUsageUploadedAsync(session.State.LicenseId, summary?.ForcedAuthenticationHours, session.State.Client, cancellationToken);
    }

    private Task ReleaseAsync(string licenseId, IEnumerable<string> features, CancellationToken cancellationToken)
        => Task.WhenAll(features.Select(f => GrainFactory.GetGrain<IFeatureGrain>(FeatureKey.Of(licenseId, f)).Release(Key, null, cancellationToken)));

    private async Task KickAsync(CancellationToken cancellationToken) => await EndAsync(SessionStatus.Kicked, cancellationToken);

    private async Task EndAsync(SessionStatus status, CancellationToken cancellationToken)
    {
        var state = session.State;
        var held = state.Features;

        // The seats' release and the session's end are stored at once, in the same group commit as
        // a rule, instead of one durable write after the other.
        state.Status = status;
        state.Features = [];
        var released = ReleaseAsync(state.LicenseId, held.Select(f => f.Name), cancellationToken);
        var written = session.WriteStateAsync(cancellationToken);
        try
        {
            await Task.WhenAll(released, written);
        }
        catch when (!released.IsCompletedSuccessfully)
        {
            // The seats are still held: stay active here, so the client's retry releases them again
            // (a release is idempotent). Should the stored "ended" outlive this activation, the
            // seats come back when their lease expires.
            state.Status = SessionStatus.Active;
            state.Features = held;
            throw;
        }

        // An ended session only answers "logged out" or "expired" from its stored state: keeping
        // tens of thousands of them in memory until idle collection costs GC pauses (see docs/PERFORMANCE.md).
        DeactivateOnIdle();
    }

    private void EnsureActive()
    {
        switch (session.State.Status)
        {
            case SessionStatus.Active:
                return;
            case SessionStatus.None:
                throw LicensingException.NotFound($"No session '{Key}'.");
            case SessionStatus.LoggedOut:
                throw new LicensingException(ErrorCodes.SessionExpired, $"Session '{Key}' was logged out.");
            default:
                throw new LicensingException(ErrorCodes.SessionExpired, $"Session '{Key}' was ended by the server (no heartbeat within the timeout, or removed by an administrator).");
        }
    }

    private IFeatureGrain Feature(string name) => GrainFactory.GetGrain<IFeatureGrain>(FeatureKey.Of(session.State.LicenseId, name));
}
