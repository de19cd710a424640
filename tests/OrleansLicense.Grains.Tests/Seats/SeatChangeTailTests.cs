using OrleansLicense.Grains.Seats;
using OrleansLicense.Grains.Usage;

namespace OrleansLicense.Grains.Tests.Seats;

/// <summary>
/// Issue #12 (CPU per login): the seat changes a pool keeps in memory for the daily peaks answer a read exactly as the
/// pool's log would (sequences, holders, deltas, the last sequence read, paging), and only while they cover it.
/// </summary>
public sealed class SeatChangeTailTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Each_event_maps_to_the_change_the_peaks_fold_and_the_others_to_none()
    {
        Assert.Equal(new SeatChange(7, T0, "s:a", 2), SeatChangeTail.ChangeOf(7, new SeatsGranted("a", 2, 60, T0)));
        Assert.Equal(new SeatChange(7, T0, "s:a", -1), SeatChangeTail.ChangeOf(7, new SeatsReleased("a", 1, ReleaseReason.Expired, T0)));
        Assert.Equal(new SeatChange(7, T0, "b:x", 3), SeatChangeTail.ChangeOf(7, new SeatsBorrowed("x", 3, T0.AddDays(1), T0)));
        Assert.Equal(new SeatChange(7, T0, "b:x", -3), SeatChangeTail.ChangeOf(7, new BorrowReturned("x", 3, false, T0)));
        Assert.Null(SeatChangeTail.ChangeOf(7, new PoolConfigured(5, true, T0)));
        Assert.Null(SeatChangeTail.ChangeOf(7, new SeatsDelegated("agent", 2, false, T0)));
        Assert.Null(SeatChangeTail.ChangeOf(7, new PoolSharedVia("agent", T0)));
    }

    [Fact]
    public void A_new_tail_covers_only_reads_from_the_log_s_version()
    {
        var tail = new SeatChangeTail(40);

        Assert.False(tail.TryRead(39, 1000, out _));
        Assert.False(tail.TryRead(41, 1000, out _));
        Assert.True(tail.TryRead(40, 1000, out var page));
        AssertSame(new SeatChangePage(40, [], false), page);

        tail.Append(41, [Grant("a"), Release("a")]);
        Assert.False(tail.TryRead(39, 1000, out _));
        Assert.True(tail.TryRead(40, 1000, out page));
        Assert.Equal([41L, 42L], page.Changes.Select(c => c.Sequence));
        Assert.True(tail.TryRead(42, 1000, out page));
        AssertSame(new SeatChangePage(42, [], false), page);
        Assert.False(tail.TryRead(43, 1000, out _));
    }

    [Fact]
    public void Every_page_equals_the_log_s_page_for_the_same_range_with_events_without_a_change_among_them()
    {
        // Changes and non-changes mixed, one at each end: the log's version is 13.
        SeatEvent[] log =
        [
            new PoolConfigured(5, true, T0), Grant("a"), Grant("b"), new SeatsDelegated("agent", 1, false, T0), Borrow("x"),
            Release("a"), new PoolSharedVia("up", T0), new PoolSharedVia(null, T0), Grant("c"), Return("x"), Release("b"),
            Release("c"), new SeatsDelegated("agent", 0, false, T0),
        ];
        var tail = new SeatChangeTail(0);
        tail.Append(1, log[..4]);
        tail.Append(5, log[4..]);

        foreach (var after in Enumerable.Range(0, log.Length + 1))
        {
            foreach (var max in new[] { -1, 0, 1, 2, 3, 5, 12, 13, 1000 })
            {
                Assert.True(tail.TryRead(after, max, out var page), $"after {after}");
                AssertSame(LogRead(log, after, max), page);
            }
        }
    }

    [Fact]
    public void Paging_with_max_reads_every_change_once_and_ends_at_the_last_event_even_without_a_change()
    {
        var tail = new SeatChangeTail(10);
        tail.Append(11, [Grant("a"), new PoolConfigured(3, true, T0), new PoolConfigured(4, true, T0), Grant("b"), Release("a"), new PoolConfigured(5, true, T0)]);

        var pages = new List<SeatChangePage>();
        var cursor = 10L;
        do
        {
            Assert.True(tail.TryRead(cursor, 2, out var page));
            pages.Add(page);
            cursor = page.LastSequence;
        }
        while (pages[^1].More);

        Assert.Equal([(12L, true), (14L, true), (16L, false)], pages.Select(p => (p.LastSequence, p.More)));
        Assert.Equal([11L, 14L, 15L], pages.SelectMany(p => p.Changes).Select(c => c.Sequence));
    }

    [Fact]
    public void Past_its_capacity_the_oldest_changes_go_and_reads_from_before_them_go_to_the_log()
    {
        var tail = new SeatChangeTail(0, capacity: 4);
        tail.Append(1, [Grant("a"), new PoolConfigured(5, true, T0), Grant("b"), Grant("c")]);
        tail.Append(5, [Grant("d"), new PoolConfigured(6, true, T0), Grant("e"), Grant("f")]);

        // Six changes, four kept: "a" (1) and "b" (3) went, so the tail knows every event after 3.
        Assert.Equal(4, tail.Count);
        Assert.Equal(3, tail.From);
        Assert.False(tail.TryRead(0, 1000, out _));
        Assert.False(tail.TryRead(2, 1000, out _));
        Assert.True(tail.TryRead(3, 1000, out var page));
        Assert.Equal(["s:c", "s:d", "s:e", "s:f"], page.Changes.Select(c => c.Holder));
        Assert.Equal((8L, false), (page.LastSequence, page.More));
    }

    [Fact]
    public void A_trim_drops_what_the_peaks_folded_and_a_trim_ahead_of_the_appends_skips_those_events()
    {
        var tail = new SeatChangeTail(0);
        tail.Append(1, [Grant("a"), Grant("b"), Release("a"), Grant("c")]);

        tail.Trim(2);
        Assert.Equal((2, 2L), (tail.Count, tail.From));
        Assert.False(tail.TryRead(1, 1000, out _));
        Assert.True(tail.TryRead(2, 1000, out var page));
        Assert.Equal([3L, 4L], page.Changes.Select(c => c.Sequence));

        // A reader that went to the log may have folded events whose append this tail has not seen yet.
        tail.Trim(6);
        Assert.Equal((0, 6L, 4L), (tail.Count, tail.From, tail.Through));
        Assert.False(tail.TryRead(4, 1000, out _));
        tail.Append(5, [Release("b"), Release("c"), Grant("d")]);
        Assert.Equal(1, tail.Count);
        Assert.True(tail.TryRead(6, 1000, out page));
        Assert.Equal(new SeatChange(7, T0, "s:d", 1), Assert.Single(page.Changes));
    }

    [Fact]
    public void Events_that_do_not_join_up_start_the_tail_over()
    {
        var tail = new SeatChangeTail(0);
        tail.Append(1, [Grant("a")]);
        tail.Append(5, [Grant("b")]);

        Assert.False(tail.TryRead(0, 1000, out _));
        Assert.True(tail.TryRead(4, 1000, out var page));
        Assert.Equal(new SeatChange(5, T0, "s:b", 1), Assert.Single(page.Changes));
    }

    // What FeatureGrain's log read answers for the same events (the log's sequences are 1..log.Length).
    private static SeatChangePage LogRead(IReadOnlyList<SeatEvent> log, long after, int max)
    {
        var changes = new List<SeatChange>();
        var last = after;
        var read = 0;
        for (var sequence = after + 1; sequence <= log.Count; sequence++)
        {
            if (read == max)
            {
                return new SeatChangePage(last, changes, true);
            }

            read++;
            last = sequence;
            if (SeatChangeTail.ChangeOf(sequence, log[(int)sequence - 1]) is { } change)
            {
                changes.Add(change);
            }
        }

        return new SeatChangePage(last, changes, false);
    }

    private static void AssertSame(SeatChangePage expected, SeatChangePage actual)
    {
        Assert.Equal((expected.LastSequence, expected.More), (actual.LastSequence, actual.More));
        Assert.Equal(expected.Changes, actual.Changes);
    }

    private static SeatsGranted Grant(string session) => new(session, 1, 60, T0);

    private static SeatsReleased Release(string session) => new(session, 1, ReleaseReason.Returned, T0);

    private static SeatsBorrowed Borrow(string borrow) => new(borrow, 1, T0.AddDays(3), T0);

    private static BorrowReturned Return(string borrow) => new(borrow, 1, false, T0);
}
