namespace OrleansLicense.Benchmarks.Failover;

/// <summary>The silo the failover scenario killed.</summary>
/// <param name="Index">Its place in the grid (0 is the oldest).</param>
/// <param name="ProcessId">Its pid.</param>
/// <param name="SiloPort">Its Orleans silo port: the port of its membership row.</param>
/// <param name="At">When, since the start of the measured run.</param>
/// <param name="Timestamp">When, as a <see cref="System.Diagnostics.Stopwatch"/> timestamp.</param>
/// <param name="AnsweredBefore">Answers the clients had received inside the window by then.</param>
/// <param name="UnavailableBefore">Transport errors and 5xx by then: with every silo up there should be none.</param>
internal sealed record KilledSilo(int Index, int ProcessId, int SiloPort, TimeSpan At, long Timestamp, long AnsweredBefore, long UnavailableBefore);
