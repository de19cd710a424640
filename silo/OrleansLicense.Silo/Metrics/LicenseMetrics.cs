using System.Diagnostics.Metrics;

namespace OrleansLicense.Silo.Metrics;

/// <summary>
/// The license server's meter (R-OPS-2, issue #15 item 6): counters of logins and refusals by code, and gauges of the
/// grid's seats per license and feature, seat queues, live sessions, heartbeat lag and borrows, read from the
/// snapshot <see cref="GridSnapshotSource"/> takes at each scrape.
/// </summary>
internal sealed class LicenseMetrics
{
    /// <summary>The meter's name (also what <c>AddMeter</c> listens to).</summary>
    public const string MeterName = "OrleansLicense";

    private readonly Counter<long> _logins;
    private readonly Counter<long> _refusals;
    private readonly Counter<long> _denials;
    private readonly Histogram<double> _loginTime;
    private volatile GridSnapshot _snapshot = GridSnapshot.Empty;

    public LicenseMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _logins = meter.CreateCounter<long>("olic.logins", description: "Logins answered with a session.");
        _refusals = meter.CreateCounter<long>("olic.refusals", description: "Requests refused, by error code.");
        _denials = meter.CreateCounter<long>("olic.login.denials", description: "Logins refused for want of a free seat (seats_exhausted): true denials.");
        _loginTime = meter.CreateHistogram<double>(
            "olic.login.duration",
            unit: "s",
            description: "How long logins took to answer, seat-queue waits included (a login with queueSeconds waits there for a seat).");
        meter.CreateObservableGauge("olic.seats.licensed", () => Seats(f => f.Seats), description: "Seats a license grants per feature.");
        meter.CreateObservableGauge("olic.seats.used", () => Seats(f => f.Used), description: "Seats held by sessions.");
        meter.CreateObservableGauge("olic.seats.borrowed", () => Seats(f => f.Borrowed), description: "Seats lent to borrows.");
        meter.CreateObservableGauge("olic.seats.free", () => Seats(f => f.Free), description: "Seats free.");
        meter.CreateObservableGauge("olic.seat_queue.depth", QueueDepths, description: "Logins waiting for a seat.");
        meter.CreateObservableGauge("olic.sessions.live", () => _snapshot.LiveSessions, description: "Live sessions.");
        meter.CreateObservableGauge("olic.heartbeat.lag", () => _snapshot.HeartbeatLagSeconds, unit: "s", description: "Longest time since a live session's last heartbeat.");
        meter.CreateObservableGauge("olic.borrows.active", () => _snapshot.ActiveBorrows, description: "Borrows not yet returned or expired.");
        meter.CreateObservableGauge(
            "olic.agents",
            () => _snapshot.Agents.Select(a => new Measurement<int>(a.Value, new KeyValuePair<string, object?>("role", a.Key))),
            description: "Second-level agent agreements this grid holds, by role: upstream (it lends seats) or downstream (it serves them).");
    }

    /// <summary>Takes the figures the next collection reports.</summary>
    public void Update(GridSnapshot snapshot) => _snapshot = snapshot;

    /// <summary>Counts a finished request: a login, or a refusal with its code.</summary>
    public void Record(bool isLogin, int status, string? code, TimeSpan duration)
    {
        if (isLogin)
        {
            _loginTime.Record(duration.TotalSeconds, new KeyValuePair<string, object?>("outcome", code ?? "granted"));
        }

        if (isLogin && status == StatusCodes.Status201Created)
        {
            _logins.Add(1);
        }

        if (code is null)
        {
            return;
        }

        _refusals.Add(1, new KeyValuePair<string, object?>("code", code));
        if (isLogin && code == Contracts.Errors.ErrorCodes.SeatsExhausted)
        {
            _denials.Add(1);
        }
    }

    private IEnumerable<Measurement<int>> Seats(Func<Contracts.Admin.FeatureView, int> figure)
        => _snapshot.Licenses.SelectMany(l => l.Features.Select(f => new Measurement<int>(
            figure(f),
            new KeyValuePair<string, object?>("license", l.Id),
            new KeyValuePair<string, object?>("product", l.Product),
            new KeyValuePair<string, object?>("feature", f.Name))));

    private IEnumerable<Measurement<int>> QueueDepths()
        => _snapshot.Queued.Select(q => new Measurement<int>(
            q.Value,
            new KeyValuePair<string, object?>("license", q.Key.License),
            new KeyValuePair<string, object?>("feature", q.Key.Feature)));
}
