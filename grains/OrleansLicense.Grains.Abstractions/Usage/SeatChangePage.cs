using Orleans.Concurrency;

namespace OrleansLicense.Grains.Usage;

/// <summary>A page of a seat pool's log.</summary>
/// <param name="LastSequence">The sequence number of the last event read (configuration events included); read on after it.</param>
/// <param name="Changes">The seat changes among the events read.</param>
/// <param name="More">True when more events follow.</param>
[GenerateSerializer, Immutable]
public sealed record SeatChangePage(long LastSequence, IReadOnlyList<SeatChange> Changes, bool More);
