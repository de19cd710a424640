using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansLicense.Runtime.Activation;
using OrleansLicense.Runtime.Cluster;
using OrleansLicense.Runtime.Directory;
using OrleansLicense.Runtime.Filters;
using OrleansLicense.Runtime.Grains;
using OrleansLicense.Runtime.Membership;
using OrleansLicense.Runtime.Statistics;
using OrleansLicense.Runtime.Messaging.Remote;
using OrleansLicense.Runtime.Reminders;

namespace OrleansLicense.Runtime.Hosting;

/// <summary>
/// Starts and stops the silo: in a grid it opens the silo port and joins the membership first;
/// then reminders (the silo's hash range), idle collection and the per-second roll of call
/// statistics. On stop it leaves the cluster and deactivates every activation gracefully.
/// </summary>
public sealed partial class SiloRuntime : IHostedService, IAsyncDisposable
{
    private static readonly TimeSpan RebalancePeriod = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan LeaderDutyPeriod = TimeSpan.FromSeconds(10);

    private readonly IServiceProvider _services;
    private readonly Catalog _catalog;
    private readonly ReminderService _reminders;
    private readonly CallStatistics _statistics;
    private readonly TimeProvider _clock;
    private readonly RuntimeOptions _options;
    private readonly ClusterOptions _cluster;
    private readonly ILogger<SiloRuntime> _logger;
    private readonly CancellationTokenSource _stopping = new();
    private Task _loops = Task.CompletedTask;

    internal SiloRuntime(IServiceProvider services)
    {
        _services = services;
        _catalog = services.GetRequiredService<Catalog>();
        _reminders = services.GetRequiredService<ReminderService>();
        _statistics = services.GetRequiredService<CallStatistics>();
        _clock = services.GetRequiredService<TimeProvider>();
        _options = services.GetRequiredService<RuntimeOptionsSnapshot>().Value;
        _cluster = services.GetRequiredService<IOptions<ClusterOptions>>().Value;
        View = services.GetRequiredService<ClusterView>();
        _logger = services.GetRequiredService<ILogger<SiloRuntime>>();
    }

    /// <summary>This silo's view of the cluster (a single silo sees just itself).</summary>
    public ClusterView View { get; }

    /// <summary>Activations on this silo now.</summary>
    public int ActivationCount => _catalog.Count;

    /// <summary>Activations per grain type on this silo now.</summary>
    public IReadOnlyDictionary<string, int> ActivationsByType()
        => _catalog.Activations.GroupBy(a => a.Type.Name).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

    /// <summary>Activations per Active silo of the cluster (asked over the silo port); a silo that does not answer is left out.</summary>
    public async Task<IReadOnlyDictionary<SiloAddress, int>> ActivationCountsAsync(CancellationToken cancellationToken)
        => (await StatisticsAsync(cancellationToken).ConfigureAwait(false)).ToDictionary(s => s.Key, s => s.Value.Activations);

    /// <summary>
    /// Every active silo's activations and process figures (CPU, memory, threads), each measured by the
    /// silo itself and asked for over the silo port; a silo that does not answer is left out.
    /// </summary>
    public async Task<IReadOnlyDictionary<SiloAddress, SiloStatistics>> StatisticsAsync(CancellationToken cancellationToken)
    {
        var statistics = new Dictionary<SiloAddress, SiloStatistics>
        {
            [View.Self] = new(_catalog.Count, _services.GetRequiredService<ProcessStatisticsSampler>().Sample()),
        };
        if (!View.Clustered)
        {
            return statistics;
        }

        var transport = _services.GetRequiredService<SiloTransport>();
        var peers = View.Active.Select(e => e.Silo).Where(s => s != View.Self).ToList();
        var answers = await Task.WhenAll(peers.Select(p => transport.StatisticsAsync(p, cancellationToken))).ConfigureAwait(false);
        for (var i = 0; i < peers.Count; i++)
        {
            if (answers[i] is { } answer)
            {
                statistics[peers[i]] = answer;
            }
        }

        return statistics;
    }

    /// <summary>Blocks or unblocks silo-to-silo traffic (fault injection for partition tests).</summary>
    /// <exception cref="InvalidOperationException">Fault injection is not allowed by configuration.</exception>
    public void SetPartitioned(bool blocked)
    {
        if (!_cluster.AllowFaultInjection)
        {
            throw new InvalidOperationException("Fault injection is off (Cluster:AllowFaultInjection).");
        }

        _services.GetRequiredService<PartitionSwitch>().Set(blocked);
    }

    /// <summary>Collects idle activations now (the periodic loop calls it too); returns how many were asked to go.</summary>
    public int CollectIdleActivations() => _catalog.CollectIdle(_clock.GetUtcNow() - _options.CollectionAge);

    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var loops = new List<Task>
        {
            RunPeriodicAsync(_options.CollectionQuantum, () => CollectIdleActivations()),
            RunPeriodicAsync(_options.StatisticsPeriod, () => _statistics.Roll(_clock.GetUtcNow())),
        };

        if (View.Clustered)
        {
            await _services.GetRequiredService<SiloMessageServer>().StartAsync(cancellationToken).ConfigureAwait(false);
            await _services.GetRequiredService<MembershipAgent>().JoinAsync(cancellationToken).ConfigureAwait(false);
            View.Changed += OnViewChanged;
            loops.Add(RunPeriodicAsync(RebalancePeriod, () => _ = RebalanceRemindersAsync()));
            loops.Add(RunPeriodicAsync(LeaderDutyPeriod, () => _ = RunLeaderDutiesAsync()));
        }

        var (begin, end) = ReminderRange.For(View.Self, [.. View.Active.Select(e => e.Silo)]);
        await _reminders.StartAsync(begin, end, cancellationToken).ConfigureAwait(false);
        _loops = Task.WhenAll(loops);
        LogInformationStarted(_logger, View.Self.ToString(), View.Clustered ? _cluster.ClusterId : "single");
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        View.Changed -= OnViewChanged;
        await _reminders.StopAsync().ConfigureAwait(false);
        if (View.Clustered)
        {
            await _services.GetRequiredService<MembershipAgent>().LeaveAsync(cancellationToken).ConfigureAwait(false);
        }

        try
        {
            await _catalog.DeactivateAllAsync(DeactivationReason.ShuttingDown, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            LogWarningShutdownSlow(_logger, _catalog.Count);
        }

        if (View.Clustered)
        {
            await _services.GetRequiredService<SiloMessageServer>().StopAsync(cancellationToken).ConfigureAwait(false);
        }

        await _loops.ConfigureAwait(false);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        // Nothing to release: the token source holds no timer, and StopAsync may still be called after this.
        return ValueTask.CompletedTask;
    }

    private void OnViewChanged(object? sender, EventArgs e)
    {
        _services.GetRequiredService<GrainLocationCache>().RetainSilos([.. View.Active.Select(a => a.Silo)]);
        if (View.SelfStatus == SiloStatus.Dead)
        {
            return;
        }

        _ = RebalanceRemindersAsync();
    }

    private async Task RunLeaderDutiesAsync()
    {
        try
        {
            await _services.GetRequiredService<LeaderDuties>().RunOnceAsync(_stopping.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogWarningLeaderDutiesFailed(_logger, ex);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    private async Task RebalanceRemindersAsync()
    {
        try
        {
            var (begin, end) = ReminderRange.For(View.Self, [.. View.Active.Select(a => a.Silo)]);
            await _reminders.RebalanceAsync(begin, end, _stopping.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogWarningRebalanceFailed(_logger, ex);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
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

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Silo {Silo} started ({Cluster})")]
    private static partial void LogInformationStarted(ILogger logger, string silo, string cluster);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, Message = "{Count} activations did not deactivate within the deactivation timeout")]
    private static partial void LogWarningShutdownSlow(ILogger logger, int count);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Warning, Message = "Leader duties failed; the next period retries")]
    private static partial void LogWarningLeaderDutiesFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Warning, Message = "Rebalancing reminders failed; the next membership change or period retries")]
    private static partial void LogWarningRebalanceFailed(ILogger logger, Exception exception);
}
