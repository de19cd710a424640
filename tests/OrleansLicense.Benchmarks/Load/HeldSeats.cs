namespace OrleansLicense.Benchmarks.Load;

/// <summary>
/// Seats the clients know they hold: +1 once a login's 201 has arrived, -1 just before its logout is
/// sent. Each counted seat was granted and not yet given back, so the server held at least this
/// many at that moment: a maximum above the license's seats proves an over-grant.
/// </summary>
internal sealed class HeldSeats
{
    private int _held;
    private int _max;

    public int Max => Volatile.Read(ref _max);

    public void Take()
    {
        var now = Interlocked.Increment(ref _held);
        var max = Volatile.Read(ref _max);
        while (now > max)
        {
            var seen = Interlocked.CompareExchange(ref _max, now, max);
            if (seen == max)
            {
                break;
            }

            max = seen;
        }
    }

    public void Return() => Interlocked.Decrement(ref _held);
}
