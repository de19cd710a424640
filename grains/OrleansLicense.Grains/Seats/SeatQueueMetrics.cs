using System.Diagnostics.Metrics;

namespace OrleansLicense.Grains.Seats;

/// <summary>
/// How long logins waited in seat queues (R-SESS-6, R-OPS-2): <c>olic_seat_queue_wait_seconds{outcome}</c> on
/// <c>/metrics</c>, recorded by the pools when a queued request ends, granted or not.
/// </summary>
public sealed class SeatQueueMetrics
{
    /// <summary>The meter the silo's Prometheus endpoint listens to.</summary>
    public const string MeterName = "OrleansLicense";

    private readonly Histogram<double> _wait;

    /// <summary>Creates the instrument on the host's meter of <see cref="MeterName"/>.</summary>
    public SeatQueueMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        _wait = meters.Create(MeterName).CreateHistogram<double>(
            "olic.seat_queue.wait",
            unit: "s",
            description: "How long a request waited in a seat queue, by outcome (granted, or timed_out when its wait ended without a seat).");
    }

    /// <summary>A queued request's wait ended.</summary>
    public void Waited(TimeSpan wait, bool granted)
        => _wait.Record(Math.Max(0, wait.TotalSeconds), new KeyValuePair<string, object?>("outcome", granted ? "granted" : "timed_out"));
}
