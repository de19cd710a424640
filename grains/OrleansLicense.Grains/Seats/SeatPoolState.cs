using System.Globalization;
using System.Text.Json.Serialization;
using OrleansLicense.Grains.Sessions;
using OrleansLicense.Storage.EventLogs;

namespace OrleansLicense.Grains.Seats;

/// <summary>A seat pool folded from its events: capacity, holders and daily peaks.</summary>
public sealed class SeatPoolState : IEventSourcedState<SeatEvent>
{
    public int Seats { get; set; }

    public bool Enabled { get; set; }

    public int Used { get; set; }

    /// <summary>Seats per holding session, with the session's lease timeout.</summary>
    public Dictionary<string, SeatHolding> Holders { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Seats lent to borrows (they count against <see cref="Seats"/> like used ones).</summary>
    public int Borrowed { get; set; }

    /// <summary>Seats per borrow id, with the borrow's expiry.</summary>
    public Dictionary<string, SeatBorrow> Borrows { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Seats delegated to second-level agents (they count against <see cref="Seats"/> like used ones).</summary>
    public int Delegated { get; set; }

    /// <summary>Seats per agent key (<c>agent</c> for increase mode, <c>agent/holder</c> for a share-mode holder).</summary>
    public Dictionary<string, int> Delegations { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Share mode of a second-level pool: the agent grain every grant draws upstream seats through; null = not shared.</summary>
    public string? SharedVia { get; set; }

    /// <summary>Most seats used or borrowed at once per UTC day (<c>yyyy-MM-dd</c>), from the events.</summary>
    public Dictionary<string, int> DailyPeaks { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The key of a day in <see cref="DailyPeaks"/>.</summary>
    public static string DayKey(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public void Apply(SeatEvent @event)
    {
        switch (@event)
        {
            case PoolConfigured configured:
                Seats = configured.Seats;
                Enabled = configured.Enabled;
                break;
            case SeatsGranted granted:
                var held = Holders.TryGetValue(granted.SessionId, out var before) ? before.Count : 0;
                Holders[granted.SessionId] = new SeatHolding(held + granted.Count, granted.TimeoutSeconds) { Session = granted.Session ?? before?.Session };
                Used += granted.Count;
                break;
            case SeatsReleased released when Holders.TryGetValue(released.SessionId, out var current):
                var returned = Math.Min(released.Count, current.Count);
                if (returned >= current.Count)
                {
                    Holders.Remove(released.SessionId);
                }
                else
                {
                    Holders[released.SessionId] = current with { Count = current.Count - returned };
                }

                Used -= returned;
                break;
            case SeatsBorrowed borrowed when !Borrows.ContainsKey(borrowed.BorrowId):
                Borrows[borrowed.BorrowId] = new SeatBorrow(borrowed.Count, borrowed.Until);
                Borrowed += borrowed.Count;
                break;
            case BorrowReturned returnedBorrow when Borrows.Remove(returnedBorrow.BorrowId, out var lent):
                Borrowed -= lent.Count;
                break;
            case PoolSharedVia shared:
                SharedVia = shared.AgentKey;
                break;
            case SeatsDelegated delegated:
                Delegated += delegated.Total - Delegations.GetValueOrDefault(delegated.AgentKey);
                if (delegated.Total == 0)
                {
                    Delegations.Remove(delegated.AgentKey);
                }
                else
                {
                    Delegations[delegated.AgentKey] = delegated.Total;
                }

                break;
        }

        var day = DayKey(@event.At);
        DailyPeaks[day] = Math.Max(DailyPeaks.GetValueOrDefault(day), Used + Borrowed);
    }
}

/// <summary>Seats one session holds in a pool, and its lease timeout.</summary>
public sealed record SeatHolding(int Count, int TimeoutSeconds)
{
    /// <summary>
    /// Who logged in, from the login's grant event; null when that event was not replayed. Left out of snapshots: with it a
    /// pool's snapshot would be several times larger (a million holders' already takes 55 MB), and it matters only
    /// for a session that has not stored its own row yet, one younger than its first heartbeat, whose grant nearly
    /// always comes after the newest snapshot and so is replayed with it.
    /// </summary>
    [JsonIgnore]
    public SessionRecord? Session { get; init; }
}

/// <summary>Seats lent to one borrow, and when they come back.</summary>
public sealed record SeatBorrow(int Count, DateTimeOffset Until);
