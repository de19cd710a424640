namespace OrleansLicense.Benchmarks.Load;

/// <summary>The two mixes (login+logout, heartbeats) against the bare Kestrel endpoint: the denominators of every ratio.</summary>
internal static class CeilingScenario
{
    public static async Task<(PhaseResult? Hot, PhaseResult? Heartbeats)> RunAsync(LoadContext context, CancellationToken cancellationToken)
    {
        var options = context.Options;
        await using var ceiling = await CeilingUnderTest.StartAsync(cancellationToken).ConfigureAwait(false);
        using var http = LoopbackHttp.Create(ceiling.BaseAddress, options.Connections);
        var api = new SessionApi(http, "bench-hot", "draw");
        PhaseResult? hot = null, heartbeats = null;
        if (options.Runs("hot") || options.Runs("postgres"))
        {
            var spec = new PhaseSpec(HotFeatureScenario.Name, "ceiling", options.Concurrency, options.Phase, options.MaxOps);
            var cycle = VirtualClients.LoginLogout(api, heartbeats: 0);
            await context.WarmUpAsync(spec, cycle, cancellationToken).ConfigureAwait(false);
            var cpu = CpuMeter.Start(ceiling.ProcessId);
            hot = await context.Runner.RunAsync(spec, cycle, null, cancellationToken).ConfigureAwait(false);
            context.Report.Fact($"ceiling login+logout CPU: {cpu.Stop()}");
            context.Report.FailOnErrors(hot);
            context.Report.Add(new ReportRow(HotFeatureScenario.Name, "ceiling", hot, 1.0, "", null));
        }

        if (options.Runs("heartbeat"))
        {
            // The ceiling does not look the id up, so any ids do.
            var ids = Enumerable.Range(0, 1000).Select(i => $"ceiling-{i:x8}").ToList();
            var spec = new PhaseSpec(HeartbeatScenario.Name, "ceiling", options.Concurrency, options.Phase, options.MaxOps);
            var cycle = VirtualClients.Heartbeats(api, ids, new SharedCursor());
            await context.WarmUpAsync(spec, cycle, cancellationToken).ConfigureAwait(false);
            var cpu = CpuMeter.Start(ceiling.ProcessId);
            heartbeats = await context.Runner.RunAsync(spec, cycle, null, cancellationToken).ConfigureAwait(false);
            context.Report.Fact($"ceiling heartbeats CPU: {cpu.Stop()}");
            context.Report.FailOnErrors(heartbeats);
            context.Report.Add(new ReportRow(HeartbeatScenario.Name, "ceiling", heartbeats, 1.0, "", null));
        }

        context.Report.Fact($"ceiling RSS after its runs: {ProcessMemory.Mib(ceiling.Memory().RssBytes)}");
        return (hot, heartbeats);
    }
}
