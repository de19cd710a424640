namespace OrleansLicense.Benchmarks.Load;

/// <summary>What every scenario of one run shares: the options, the phase runner and the report.</summary>
internal sealed record LoadContext(LoadOptions Options, PhaseRunner Runner, LoadReport Report, TextWriter Out, BenchVendor Vendor)
{
    /// <summary>
    /// A warm-up of <paramref name="spec"/> (JIT, connections, activations) for <paramref name="duration"/> (default
    /// --warmup), skipped when it is 0; its figures are dropped but its errors are not.
    /// </summary>
    public async Task WarmUpAsync(PhaseSpec spec, Func<WorkerRecorder, CancellationToken, Task<bool>> cycle, CancellationToken cancellationToken, TimeSpan? duration = null)
    {
        var length = duration ?? Options.Warmup;
        if (length <= TimeSpan.Zero)
        {
            return;
        }

        var result = await Runner.RunAsync(spec with { Name = spec.Name + " (warm-up)", Duration = length, Rate = null }, cycle, null, cancellationToken).ConfigureAwait(false);
        Report.FailOnErrors(result);
    }

    /// <summary>Fails unless every seat of the license's feature is back and the product has no live session.</summary>
    public async Task CheckSeatsReturnedAsync(SiloUnderTest silo, string licenseId, string product, CancellationToken cancellationToken)
    {
        var license = await silo.Admin.GetLicenseAsync(licenseId, cancellationToken).ConfigureAwait(false);
        foreach (var feature in license.Features.Where(f => f.Used > 0))
        {
            Report.Fail($"license {licenseId} feature {feature.Name}: {feature.Used} seats still used after every client logged out");
        }

        var live = (await silo.Admin.ListSessionsAsync(cancellationToken).ConfigureAwait(false)).Count(s => s.Product == product);
        if (live > 0)
        {
            Report.Fail($"{live} sessions of {product} still live after every client logged out");
        }
    }

    /// <summary>Fails when the silo exited during the run, with the end of its log.</summary>
    public void CheckAlive(SiloUnderTest silo)
    {
        if (silo.HasExited)
        {
            Report.Fail($"the silo exited during the run; {silo.LogPath} ends with:{Environment.NewLine}{silo.Tail()}");
        }
    }

    /// <summary>The silo's RSS for the progress line.</summary>
    public static Func<string> RssOf(SiloUnderTest silo)
        => () => silo.HasExited ? "silo EXITED" : $"silo RSS {ProcessMemory.Mib(silo.Memory().RssBytes)}";
}
