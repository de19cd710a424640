using System.Globalization;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using OrleansLicense.Grains.ClientGateway;
using OrleansLicense.Grains.Serialization;

namespace OrleansLicense.Benchmarks.Load;

/// <summary>
/// Issue #13 item 8: heartbeats per second through the Orleans client and through the HTTP gateway API, side by side on
/// one fresh silo with the same sessions, loops and phase length. The Orleans heartbeat is the client library's:
/// <see cref="ISessionClientGrain.Heartbeat"/> on the session itself (one reference per session, kept, as the library
/// keeps its session's) with the client's kick observer, whose subscription it renews.
/// </summary>
internal static class TransportScenario
{
    public const string Name = "transports";
    private const string Product = "bench-tr";
    private const string Feature = "draw";

    public static async Task RunAsync(LoadContext context, CancellationToken cancellationToken)
    {
        var options = context.Options;
        var report = context.Report;
        var c = CultureInfo.InvariantCulture;
        await using var silo = await SiloUnderTest.StartAsync(context.Vendor, options.SqliteSiloArguments, options.SiloEnvironment, cancellationToken).ConfigureAwait(false);
        await context.Out.WriteLineAsync($"silo pid {silo.ProcessId} at {silo.BaseAddress}, Orleans gateway 127.0.0.1:{silo.GatewayPort} (data {silo.DataFolder})").ConfigureAwait(false);
        var sessionCount = Math.Min(options.Sessions, options.Smoke ? 200 : 2_000);
        var licenseId = $"BENCH-TR-{Guid.NewGuid():N}"[..17];
        await silo.Admin.ImportLicenseAsync(context.Vendor.Issue(licenseId, Product, Feature, sessionCount * 2), cancellationToken).ConfigureAwait(false);
        var settings = await silo.Admin.GetSettingsAsync(cancellationToken).ConfigureAwait(false);
        await silo.Admin.PutSettingsAsync(settings with { ClientTimeoutSeconds = 3600 }, cancellationToken).ConfigureAwait(false);
        using var http = LoopbackHttp.Create(silo.BaseAddress, options.Connections);
        var api = new SessionApi(http, Product, Feature);

        var perWorker = Enumerable.Range(0, options.Concurrency).Select(_ => new List<string>()).ToList();
        var login = await context.Runner.RunAsync(
            new PhaseSpec(string.Create(c, $"login {sessionCount:N0} sessions for the transports"), "silo", options.Concurrency, TimeSpan.FromHours(1), sessionCount),
            VirtualClients.LoginAndKeep(api, perWorker),
            LoadContext.RssOf(silo),
            cancellationToken).ConfigureAwait(false);
        report.FailOnErrors(login);
        var sessions = perWorker.SelectMany(w => w).ToList();

        using var orleans = await ConnectAsync(silo.GatewayPort, cancellationToken).ConfigureAwait(false);
        var client = orleans.Services.GetRequiredService<IClusterClient>();
        var sessionGrains = sessions.Select(id => client.GetGrain<ISessionClientGrain>(id)).ToList();
        var observer = new BenchObserver();
        var reference = client.CreateObjectReference<IKickObserver>(observer);

        // Alternating rounds: the machine is shared, and a neighbour's burst should not land on one transport only.
        var rounds = options.Smoke ? 1 : 3;
        var roundLength = options.Phase / rounds;
        var httpCycle = VirtualClients.Heartbeats(api, sessions, new SharedCursor());
        var orleansCycle = OrleansHeartbeats(sessionGrains, reference, new SharedCursor());
        var warmSpec = new PhaseSpec(Name, "silo", options.Concurrency, options.Phase, options.MaxOps);
        await context.WarmUpAsync(warmSpec with { Name = "heartbeats via HTTP" }, httpCycle, cancellationToken).ConfigureAwait(false);
        await context.WarmUpAsync(warmSpec with { Name = "heartbeats via Orleans client" }, orleansCycle, cancellationToken).ConfigureAwait(false);
        (double Ops, double Seconds) httpTotal = default, orleansTotal = default;
        for (var round = 1; round <= rounds; round++)
        {
            var httpSpec = new PhaseSpec(string.Create(c, $"heartbeats via HTTP, round {round}"), "silo", options.Concurrency, roundLength, options.MaxOps / rounds);
            var orleansSpec = httpSpec with { Name = string.Create(c, $"heartbeats via Orleans client, round {round}") };
            var httpCpu = CpuMeter.Start(silo.ProcessId);
            var viaHttp = await context.Runner.RunAsync(httpSpec, httpCycle, LoadContext.RssOf(silo), cancellationToken).ConfigureAwait(false);
            report.Fact(string.Create(c, $"{httpSpec.Name} CPU: {httpCpu.Stop()}; {httpCpu.PerOperation(viaHttp.OpsPerSecond)}"));
            var orleansCpu = CpuMeter.Start(silo.ProcessId);
            var viaOrleans = await context.Runner.RunAsync(orleansSpec, orleansCycle, LoadContext.RssOf(silo), cancellationToken).ConfigureAwait(false);
            report.Fact(string.Create(c, $"{orleansSpec.Name} CPU: {orleansCpu.Stop()}; {orleansCpu.PerOperation(viaOrleans.OpsPerSecond)}"));
            report.FailOnErrors(viaHttp);
            report.FailOnErrors(viaOrleans);
            report.Add(new ReportRow(httpSpec.Name, "silo", viaHttp, null, "", null));
            report.Add(new ReportRow(orleansSpec.Name, "silo", viaOrleans, viaHttp.OpsPerSecond > 0 ? viaOrleans.OpsPerSecond / viaHttp.OpsPerSecond : null, "", null));
            httpTotal = (httpTotal.Ops + viaHttp.Ops, httpTotal.Seconds + viaHttp.Seconds);
            orleansTotal = (orleansTotal.Ops + viaOrleans.Ops, orleansTotal.Seconds + viaOrleans.Seconds);
        }

        var httpRate = httpTotal.Ops / Math.Max(httpTotal.Seconds, 1e-9);
        var orleansRate = orleansTotal.Ops / Math.Max(orleansTotal.Seconds, 1e-9);
        var ratio = httpRate > 0 ? orleansRate / httpRate : 0;
        report.Fact(string.Create(c, $"transports ({sessions.Count:N0} sessions, {options.Concurrency} loops, {rounds} alternating rounds): {orleansRate:N0} heartbeats/s through the Orleans client "
            + $"vs {httpRate:N0} through HTTP = {ratio:0.00}x; goal >= 2x: {(ratio >= 2 ? "met" : "NOT MET")}"));
        client.DeleteObjectReference<IKickObserver>(reference);

        var logout = await context.Runner.RunAsync(
            new PhaseSpec(string.Create(c, $"logout {sessions.Count:N0} sessions"), "silo", options.Concurrency, TimeSpan.FromHours(1), long.MaxValue),
            VirtualClients.LogoutAll(api, sessions, new SharedCursor()),
            LoadContext.RssOf(silo),
            cancellationToken).ConfigureAwait(false);
        report.FailOnErrors(logout);
        await context.CheckSeatsReturnedAsync(silo, licenseId, Product, cancellationToken).ConfigureAwait(false);
        await silo.Admin.PutSettingsAsync(settings, cancellationToken).ConfigureAwait(false);
        context.CheckAlive(silo);
        GC.KeepAlive(observer);
    }

    private static Func<WorkerRecorder, CancellationToken, Task<bool>> OrleansHeartbeats(IReadOnlyList<ISessionClientGrain> sessions, IKickObserver observer, SharedCursor cursor)
        => async (worker, cancellationToken) =>
        {
            var session = sessions[(int)(cursor.Next() % sessions.Count)];
            var started = await worker.StartAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var answer = await session.Heartbeat(observer).ConfigureAwait(false);
                worker.Finish(OpKind.Heartbeat, started, answer.Kicked ? OpOutcome.Refused : OpOutcome.Ok, answer.Kicked ? "kicked" : null);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                worker.Finish(OpKind.Heartbeat, started, OpOutcome.Error, e.GetType().Name);
            }

            return true;
        };

    private static async Task<IHost> ConnectAsync(int gatewayPort, CancellationToken cancellationToken)
    {
        var host = new HostBuilder()
            .ConfigureLogging(logging => logging.ClearProviders().SetMinimumLevel(LogLevel.Warning))
            .UseOrleansClient(client =>
            {
                client.UseStaticClustering(new IPEndPoint(IPAddress.Loopback, gatewayPort));
                client.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = ("default", "orleans-license"));
                client.Services.AddLicenseSerialization();
            })
            .Build();
        await host.StartAsync(cancellationToken).ConfigureAwait(false);
        return host;
    }

    private sealed class BenchObserver : IKickObserver
    {
        public Task Kicked(string sessionId, string code, string detail) => Task.CompletedTask;
    }
}
