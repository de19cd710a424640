namespace OrleansLicense.Benchmarks.Load;

/// <summary>What the admin poller saw of a license's used seats.</summary>
/// <param name="Max">The highest <c>used</c> of any of its features.</param>
/// <param name="Reads">Reads answered.</param>
/// <param name="Failed">Reads that failed (only counted when failures are tolerated: a silo dying in the failover scenario).</param>
internal sealed record PolledUsage(int Max, int Reads, int Failed);
