using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansLicense.Runtime.Activation;
using OrleansLicense.Runtime.Filters;
using OrleansLicense.Runtime.Grains;
using OrleansLicense.Runtime.Reminders;

namespace OrleansLicense.Runtime.Hosting;

/// <summary>
/// Starts and stops the silo's background duties: reminders, idle collection and the per-second
/// roll of call statistics. On stop every activation is deactivated gracefully.
/// </summary>
public sealed partial class SiloRuntime : IHostedService, IAsyncDisposable
{
    private readonly Catalog _catalog;
    private readonly ReminderService _reminders;
    private readonly CallStatistics _statistics;
    private readonly TimeProvider _clock;
    private readonly RuntimeOptions _options;
    private readonly ILogger<SiloRuntime> _logger;
    private readonly CancellationTokenSource _stopping = new();
    private Task _loops = Task.CompletedTask;

    internal SiloRuntime(Catalog catalog, ReminderService reminders, CallStatistics statistics, TimeProvider clock, RuntimeOptionsSnapshot options, ILogger<SiloRuntime> logger)
    {
        _catalog = catalog;
        _reminders = reminders;
        _statistics = statistics;
        _clock = clock;
        _options = options.Value;
        _logger = logger;
    }

    /// <summary>Activations on this silo now.</summary>
    public int ActivationCount => _catalog.Count;

    /// <summary>Activations per grain type on this silo now.</summary>
    public IReadOnlyDictionary<string, int> ActivationsByType()
        => _catalog.Activations.GroupBy(a => a.Type.Name).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

    /// <summary>Collects idle activations now (the periodic loop calls it too); returns how many were asked to go.</summary>
    public int CollectIdleActivations() => _catalog.CollectIdle(_clock.GetUtcNow() - _options.CollectionAge);

    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // Single silo: this silo owns the whole reminder ring (begin == end).
        await _reminders.StartAsync(0, 0, cancellationToken).ConfigureAwait(false);
        _loops = Task.WhenAll(
            RunPeriodicAsync(_options.CollectionQuantum, () => CollectIdleActivations()),
            RunPeriodicAsync(_options.StatisticsPeriod, () => _statistics.Roll(_clock.GetUtcNow())));
        LogInformationStarted(_logger);
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _reminders.StopAsync().ConfigureAwait(false);
        try
        {
            await _catalog.DeactivateAllAsync(DeactivationReason.ShuttingDown, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            LogWarningShutdownSlow(_logger, _catalog.Count);
        }

        await _loops.ConfigureAwait(false);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        _stopping.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task RunPeriodicAsync(TimeSpan period, Action action)
    {
        using var timer = new PeriodicTimer(period, _clock);
        try
        {
            while (await timer.WaitForNextTickAsync(_stopping.Token).ConfigureAwait(false))
            {
                action();
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Silo runtime started")]
    private static partial void LogInformationStarted(ILogger logger);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, Message = "{Count} activations did not deactivate within the deactivation timeout")]
    private static partial void LogWarningShutdownSlow(ILogger logger, int count);
}
