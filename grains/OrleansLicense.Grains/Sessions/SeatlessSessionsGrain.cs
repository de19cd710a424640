using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansLicense.Grains.Hosting;
using OrleansLicense.Storage;

namespace OrleansLicense.Grains.Sessions;

/// <summary>
/// One shard of the index of live sessions without seats. It keeps their leases as a pool does: in memory,
/// renewed by heartbeats, with a grace of one timeout after (re)activation, and a session whose lease runs out
/// is told so and is kicked.
/// </summary>
[GrainType("seatless-sessions")]
[CollectionAgeLimit(AlwaysActive = true)]
internal sealed partial class SeatlessSessionsGrain(
    [PersistentState("seatless", LicenseStorage.StateStorageName)] IPersistentState<SeatlessSessionsState> index,
    IOptions<LicensingOptions> options,
    TimeProvider clock,
    ILogger<SeatlessSessionsGrain> logger) : Grain, ISeatlessSessionsGrain
{
    private readonly Dictionary<string, DateTimeOffset> _expiry = new(StringComparer.Ordinal);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        foreach (var (sessionId, timeout) in index.State.Sessions)
        {
            _expiry[sessionId] = now.AddSeconds(timeout);
        }

        var every = options.Value.LeaseSweepInterval;
        this.RegisterGrainTimer(SweepAsync, new GrainTimerCreationOptions(every, every) { Interleave = true });
        return Task.CompletedTask;
    }

    public async Task Add(string sessionId, int timeoutSeconds, CancellationToken cancellationToken)
    {
        _expiry[sessionId] = clock.GetUtcNow().AddSeconds(timeoutSeconds);
        if (index.State.Sessions.TryGetValue(sessionId, out var stored) && stored == timeoutSeconds)
        {
            return;
        }

        index.State.Sessions[sessionId] = timeoutSeconds;
        await index.WriteStateAsync(cancellationToken);
    }

    public async Task Remove(string sessionId, CancellationToken cancellationToken)
    {
        _expiry.Remove(sessionId);
        if (index.State.Sessions.Remove(sessionId))
        {
            await index.WriteStateAsync(cancellationToken);
        }
    }

    public Task Touch(string sessionId)
    {
        if (index.State.Sessions.TryGetValue(sessionId, out var timeout))
        {
            _expiry[sessionId] = clock.GetUtcNow().AddSeconds(timeout);
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<string>> List() => Task.FromResult<IReadOnlyList<string>>([.. index.State.Sessions.Keys]);

    private Task SweepAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        foreach (var (sessionId, _) in _expiry.Where(e => e.Value <= now).ToList())
        {
            // Told, not removed: the session kicks itself and then removes itself from the index. Told again
            // after another timeout should that not have happened (its silo was down, say).
            _expiry[sessionId] = now.AddSeconds(index.State.Sessions.GetValueOrDefault(sessionId, 60));
            LogInformationExpired(logger, sessionId);
            _ = GrainFactory.GetGrain<ISessionGrain>(sessionId).LeaseExpired(licenseId: "", feature: "");
        }

        return Task.CompletedTask;
    }

    [LoggerMessage(EventId = 3310, Level = LogLevel.Information, Message = "Session {SessionId}, holding no seat, sent no heartbeat within its timeout: it is kicked")]
    private static partial void LogInformationExpired(ILogger logger, string sessionId);
}
