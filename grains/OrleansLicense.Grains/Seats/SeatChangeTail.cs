using System.Diagnostics.CodeAnalysis;
using OrleansLicense.Grains.Usage;

namespace OrleansLicense.Grains.Seats;

/// <summary>
/// The seat changes of a pool's newest stored events, in memory, so the daily peaks (R-USE-3) read what the pool just
/// committed without reading it back from the log and parsing its JSON (#12 CPU per login). It knows every event after
/// <see cref="From"/> through <see cref="Through"/> and answers a read from there exactly as the log would; a read
/// from before (a fresh activation, a reader further behind, entries dropped by the cap) goes to the log.
/// Bounded: entries the peaks have folded are dropped (<see cref="Trim"/>), and past the capacity the oldest go.
/// It holds events, not holders, so its size does not grow with the pool.
/// </summary>
internal sealed class SeatChangeTail
{
    /// <summary>The most changes kept: a few snapshot intervals of a busy pool, about a megabyte.</summary>
    public const int DefaultCapacity = 8192;

    private readonly int _capacity;

    // In sequence order; a Queue because changes come in at the new end and go at the old one.
    private readonly Queue<SeatChange> _changes = new();

    /// <summary>Starts empty at the log's <paramref name="version"/>: only events appended after it will be known.</summary>
    public SeatChangeTail(long version, int capacity = DefaultCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(version);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
        From = Through = version;
    }

    /// <summary>Every event after this sequence (through <see cref="Through"/>) is known here.</summary>
    public long From { get; private set; }

    /// <summary>The sequence of the last event appended (the log's version).</summary>
    public long Through { get; private set; }

    /// <summary>How many changes are kept.</summary>
    public int Count => _changes.Count;

    /// <summary>
    /// The seat change an event makes, as the peaks fold it (holders <c>s:</c> + session id, <c>b:</c> + borrow id),
    /// or null for an event that moves no seat of a holder (configuration, delegation, share mode).
    /// </summary>
    public static SeatChange? ChangeOf(long sequence, SeatEvent @event) => @event switch
    {
        SeatsGranted granted => new(sequence, granted.At, "s:" + granted.SessionId, granted.Count),
        SeatsReleased released => new(sequence, released.At, "s:" + released.SessionId, -released.Count),
        SeatsBorrowed borrowed => new(sequence, borrowed.At, "b:" + borrowed.BorrowId, borrowed.Count),
        BorrowReturned returned => new(sequence, returned.At, "b:" + returned.BorrowId, -returned.Count),
        _ => null,
    };

    /// <summary>Notes events just stored, the first at <paramref name="firstSequence"/>. Call only once the append succeeded.</summary>
    public void Append(long firstSequence, IReadOnlyList<SeatEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0)
        {
            return;
        }

        if (firstSequence != Through + 1)
        {
            // Not the next events (never expected): what was kept no longer joins up, so start over from here.
            _changes.Clear();
            From = Math.Max(From, firstSequence - 1);
        }

        for (var i = 0; i < events.Count; i++)
        {
            var sequence = firstSequence + i;

            // At or before From: folded already (a trim may run ahead of the appends this activation has seen).
            if (sequence > From && ChangeOf(sequence, events[i]) is { } change)
            {
                Push(change);
            }
        }

        Through = firstSequence + events.Count - 1;
    }

    /// <summary>Drops what the peaks folded: every change at or before <paramref name="throughSequence"/>.</summary>
    public void Trim(long throughSequence)
    {
        while (_changes.TryPeek(out var oldest) && oldest.Sequence <= throughSequence)
        {
            _changes.Dequeue();
        }

        if (_changes.Count == 0)
        {
            // Caught up: a burst's array need not stay with a pool that went quiet.
            _changes.TrimExcess();
        }

        From = Math.Max(From, throughSequence);
    }

    /// <summary>
    /// Reads at most <paramref name="max"/> events after <paramref name="afterSequence"/> as the log would (a negative
    /// <paramref name="max"/> reads them all), or answers false when some of them are not known here.
    /// </summary>
    public bool TryRead(long afterSequence, int max, [NotNullWhen(true)] out SeatChangePage? page)
    {
        if (afterSequence < From || afterSequence > Through)
        {
            page = null;
            return false;
        }

        // Sequences have no gaps, so the events in range are counted, not walked: those without a change still count.
        var more = max >= 0 && Through - afterSequence > max;
        var last = more ? afterSequence + max : Through;
        // Read once per snapshot of the pool: a walk from the oldest kept is cheap enough.
        var changes = _changes.SkipWhile(c => c.Sequence <= afterSequence).TakeWhile(c => c.Sequence <= last).ToList();
        page = new SeatChangePage(last, changes, more);
        return true;
    }

    private void Push(SeatChange change)
    {
        if (_changes.Count == _capacity)
        {
            // Full: the oldest goes, and reads from before it go to the log.
            From = Math.Max(From, _changes.Dequeue().Sequence);
        }

        _changes.Enqueue(change);
    }
}
