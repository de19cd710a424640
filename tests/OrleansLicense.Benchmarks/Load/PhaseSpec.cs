namespace OrleansLicense.Benchmarks.Load;

/// <summary>One measured run of a mix against one target.</summary>
/// <param name="Name">The scenario, as printed in the table.</param>
/// <param name="Target">Which server: <c>ceiling</c> or <c>silo</c>.</param>
/// <param name="Concurrency">Virtual clients (loops), each with at most one request in flight.</param>
/// <param name="Duration">The measured window; a loop finishes its cycle after it (so no seat is left taken) but those requests are not counted.</param>
/// <param name="MaxOps">The window also ends once this many requests were counted.</param>
/// <param name="Rate">Requests per second to pace all loops to (open model, latency counted from the scheduled start); null runs the loops flat out.</param>
internal sealed record PhaseSpec(string Name, string Target, int Concurrency, TimeSpan Duration, long MaxOps, double? Rate = null);
