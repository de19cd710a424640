using System.Globalization;

namespace OrleansLicense.Benchmarks.Load;

/// <summary>
/// Correctness under contention: many more clients than seats, each login followed by a heartbeat
/// and a logout. The clients count the seats they know are held (never above the license, or the
/// server over-granted), an admin poller watches <c>used</c> during the run, and afterwards every
/// seat must be back.
/// </summary>
internal static class SeatLimitScenario
{
    public const string Name = "seat limit (over-grant check)";
    private const string Product = "bench-limit";
    private const string Feature = "draw";

    public static async Task RunAsync(LoadContext context, SiloUnderTest silo, CancellationToken cancellationToken)
    {
        var options = context.Options;
        var report = context.Report;
        var seats = options.LimitSeats;
        var licenseId = $"BENCH-LIMIT-{Guid.NewGuid():N}"[..20];
        await silo.Admin.ImportLicenseAsync(context.Vendor.Issue(licenseId, Product, Feature, seats), cancellationToken).ConfigureAwait(false);
        using var http = LoopbackHttp.Create(silo.BaseAddress, options.Connections);
        var api = new SessionApi(http, Product, Feature);
        var held = new HeldSeats();

        using var pollStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var poller = new UsedSeatsPoller(silo.Admin, licenseId).PollAsync(tolerateFailures: false, pollStop.Token);
        var spec = new PhaseSpec(string.Create(CultureInfo.InvariantCulture, $"{Name}, {seats} seats"), "silo", options.Concurrency, options.Phase, options.MaxOps);
        var result = await context.Runner.RunAsync(spec, VirtualClients.LoginLogout(api, heartbeats: 1, held), LoadContext.RssOf(silo), cancellationToken).ConfigureAwait(false);
        await pollStop.CancelAsync().ConfigureAwait(false);
        var maxUsed = (await poller.ConfigureAwait(false)).Max;

        report.FailOnErrors(result);
        var ok = held.Max <= seats && maxUsed <= seats;
        if (held.Max > seats)
        {
            report.Fail($"over-grant: clients held {held.Max} seats at once, the license has {seats}");
        }

        if (maxUsed > seats)
        {
            report.Fail($"over-grant: the admin API showed {maxUsed} seats used, the license has {seats}");
        }

        if (result.Refused == 0)
        {
            report.Fact($"seat limit: no login was refused, so the pool was never full ({options.Concurrency} clients, {seats} seats): the check proves little");
        }

        report.Add(new ReportRow(spec.Name, "silo", result, null, $"held <= {seats} (clients saw {held.Max}, admin saw {maxUsed})", ok));
        await context.CheckSeatsReturnedAsync(silo, licenseId, Product, cancellationToken).ConfigureAwait(false);
    }
}
