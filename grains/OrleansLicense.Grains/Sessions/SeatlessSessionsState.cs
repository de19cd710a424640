namespace OrleansLicense.Grains.Sessions;

/// <summary>The stored part of a <see cref="SeatlessSessionsGrain"/> shard: session id → its client timeout in seconds.</summary>
public sealed class SeatlessSessionsState
{
    public Dictionary<string, int> Sessions { get; set; } = new(StringComparer.Ordinal);
}
