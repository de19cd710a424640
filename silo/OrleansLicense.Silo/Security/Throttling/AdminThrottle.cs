using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Options;
using OrleansLicense.Silo.Logging;

namespace OrleansLicense.Silo.Security.Throttling;

/// <summary>
/// Counts wrong admin tokens per client address in a fixed window and refuses an address that sent too many until
/// its window ends (#14 item 2: 1,000 guesses used to get 1,000 answers of 401 in 0.4 s). The log gets at most one
/// line per address per minute: the first wrong token at once (naming the path), then one summary of the rest.
/// </summary>
/// <remarks>
/// Not System.Threading.RateLimiting: its limiters read the stopwatch, not a <see cref="TimeProvider"/>
/// (dotnet/runtime#106447), and they count requests, where this counts failures only.
/// </remarks>
internal sealed partial class AdminThrottle : IDisposable
{
    /// <summary>The least time between two log lines about one address.</summary>
    public static readonly TimeSpan LogInterval = TimeSpan.FromMinutes(1);

    private readonly AdminThrottleOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger<AdminThrottle> _logger;
    private readonly ConcurrentDictionary<IPAddress, Window> _windows = new();
    private readonly Lock _timerLock = new();
    private ITimer? _summary;
    private DateTimeOffset _summaryDue = DateTimeOffset.MaxValue;

    public AdminThrottle(IOptions<AdminThrottleOptions> options, TimeProvider clock, ILogger<AdminThrottle> logger)
    {
        _options = options.Value;
        _clock = clock;
        _logger = logger;
    }

    /// <summary>True, and the whole seconds to wait, while <paramref name="address"/> is refused; the refusal is counted for the log.</summary>
    public bool IsRefused(IPAddress address, out int retryAfterSeconds)
    {
        retryAfterSeconds = 0;
        if (!_windows.TryGetValue(address, out var window))
        {
            return false;
        }

        var now = _clock.GetUtcNow();
        DateTimeOffset logDue;
        lock (window)
        {
            var ends = window.Start + _options.Window;
            if (window.Failures < _options.MaxFailures || now >= ends)
            {
                return false;
            }

            window.Refused++;
            retryAfterSeconds = Math.Max(1, (int)Math.Ceiling((ends - now).TotalSeconds));
            logDue = window.LoggedAt + LogInterval;
        }

        ArmSummary(logDue);
        return true;
    }

    /// <summary>Counts a wrong token from <paramref name="address"/>, logging it at once when nothing was logged about the address for a minute.</summary>
    public void RecordFailure(IPAddress address, string path)
    {
        var now = _clock.GetUtcNow();
        if (_windows.Count >= _options.MaxAddresses && !_windows.ContainsKey(address))
        {
            Forget(now);
        }

        var window = _windows.GetOrAdd(address, _ => new Window(now));
        bool logNow;
        DateTimeOffset logDue;
        lock (window)
        {
            if (now >= window.Start + _options.Window)
            {
                window.Start = now;
                window.Failures = 0;
            }

            window.Failures++;
            window.LastPath = path;
            logNow = window.Unlogged == 0 && window.Refused == 0 && now >= window.LoggedAt + LogInterval;
            if (logNow)
            {
                window.LoggedAt = now;
            }
            else
            {
                window.Unlogged++;
            }

            logDue = window.LoggedAt + LogInterval;
        }

        if (logNow)
        {
            SiloLog.LogWarningAdminTokenRejected(_logger, address.ToString(), path);
        }
        else
        {
            ArmSummary(logDue);
        }
    }

    /// <summary>
    /// The right token from <paramref name="address"/>: its next wrong token is logged at once again (an administrator
    /// who mistyped sees it), while the count towards the throttle stays, so a guesser behind the same address gains nothing.
    /// </summary>
    public void RecordSuccess(IPAddress address)
    {
        if (_windows.TryGetValue(address, out var window))
        {
            lock (window)
            {
                if (window.Unlogged == 0 && window.Refused == 0)
                {
                    window.LoggedAt = DateTimeOffset.MinValue;
                }
            }
        }
    }

    public void Dispose()
    {
        lock (_timerLock)
        {
            _summary?.Dispose();
            _summary = null;
        }
    }

    // One timer for all addresses, armed only while a summary is pending: an idle silo has none.
    private void ArmSummary(DateTimeOffset due)
    {
        lock (_timerLock)
        {
            if (due >= _summaryDue)
            {
                return;
            }

            _summaryDue = due;
            _summary?.Dispose();
            _summary = _clock.CreateTimer(_ => Summarize(), null, Max(due - _clock.GetUtcNow(), TimeSpan.Zero), Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Logs one summary per address whose minute has passed, and re-arms for the others.</summary>
    private void Summarize()
    {
        lock (_timerLock)
        {
            _summaryDue = DateTimeOffset.MaxValue;
        }

        var now = _clock.GetUtcNow();
        var next = DateTimeOffset.MaxValue;
        foreach (var (address, window) in _windows)
        {
            lock (window)
            {
                if (window.Unlogged == 0 && window.Refused == 0)
                {
                    continue;
                }

                if (now < window.LoggedAt + LogInterval)
                {
                    next = Min(next, window.LoggedAt + LogInterval);
                    continue;
                }

                var windowEnds = window.Start + _options.Window;
                if (window.Failures >= _options.MaxFailures && now < windowEnds)
                {
                    LogWrongTokensStillRefused(_logger, window.Unlogged, address.ToString(), window.LastPath, window.Refused, windowEnds);
                }
                else
                {
                    LogWrongTokens(_logger, window.Unlogged, address.ToString(), window.LastPath, window.Refused);
                }

                window.Unlogged = 0;
                window.Refused = 0;
                window.LoggedAt = now;
            }
        }

        if (next != DateTimeOffset.MaxValue)
        {
            ArmSummary(next);
        }

        Forget(now);
    }

    // Addresses whose window ended and that have nothing left to log are forgotten, so the table stays small.
    private void Forget(DateTimeOffset now)
    {
        foreach (var (address, window) in _windows)
        {
            lock (window)
            {
                if (window.Unlogged == 0 && window.Refused == 0 && now >= window.Start + _options.Window && now >= window.LoggedAt + LogInterval)
                {
                    _windows.TryRemove(new KeyValuePair<IPAddress, Window>(address, window));
                }
            }
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    // Two lines, not one with an optional time: an address no longer refused read "refused until (null)".
    [LoggerMessage(EventId = 2090, Level = LogLevel.Warning, Message = "{Count} more admin calls with a wrong token from {Address} in the last minute (last to {Path}); {Refused} refused with 429; refused until {RefusedUntil}")]
    private static partial void LogWrongTokensStillRefused(ILogger logger, int count, string address, string? path, int refused, DateTimeOffset refusedUntil);

    [LoggerMessage(EventId = 2091, Level = LogLevel.Warning, Message = "{Count} more admin calls with a wrong token from {Address} in the last minute (last to {Path}); {Refused} refused with 429; no longer refused")]
    private static partial void LogWrongTokens(ILogger logger, int count, string address, string? path, int refused);

    private sealed class Window(DateTimeOffset start)
    {
        public DateTimeOffset Start { get; set; } = start;

        public int Failures { get; set; }

        public DateTimeOffset LoggedAt { get; set; } = DateTimeOffset.MinValue;

        public int Unlogged { get; set; }

        public int Refused { get; set; }

        public string? LastPath { get; set; }
    }
}
