using Orleans.Concurrency;

namespace OrleansLicense.Grains.Usage;

/// <summary>One change of a seat pool as peak statistics read it.</summary>
/// <param name="Sequence">The event's sequence number in the pool's log.</param>
/// <param name="At">When.</param>
/// <param name="Holder"><c>s:</c> + session id or <c>b:</c> + borrow id.</param>
/// <param name="Delta">Seats taken (positive) or given back (negative).</param>
[GenerateSerializer, Immutable]
public sealed record SeatChange(long Sequence, DateTimeOffset At, string Holder, int Delta);
