namespace OrleansLicense.Benchmarks.Load;

/// <summary>
/// A log-linear latency histogram in microseconds (HdrHistogram's layout, without the package):
/// exact below 128 µs, then 64 buckets per power of two, so any percentile is within 1.6 % of the
/// true value. Fixed size and allocation-free on record, so every worker keeps its own and the
/// hot path never takes a lock; the phase merges them at the end.
/// </summary>
internal sealed class LatencyHistogram
{
    private const int LinearBuckets = 128;
    private const int SubBuckets = 64;
    private const int SubBucketBits = 6;
    private const int LowestMagnitude = 7;
    private const int HighestMagnitude = 40;
    private const int BucketCount = LinearBuckets + ((HighestMagnitude - LowestMagnitude + 1) * SubBuckets);

    private readonly long[] _counts = new long[BucketCount];

    public long Count { get; private set; }

    public long MaxMicroseconds { get; private set; }

    public void Record(long microseconds)
    {
        var value = Math.Clamp(microseconds, 0, (1L << (HighestMagnitude + 1)) - 1);
        _counts[Index(value)]++;
        Count++;
        if (value > MaxMicroseconds)
        {
            MaxMicroseconds = value;
        }
    }

    public void Add(LatencyHistogram other)
    {
        for (var i = 0; i < BucketCount; i++)
        {
            _counts[i] += other._counts[i];
        }

        Count += other.Count;
        MaxMicroseconds = Math.Max(MaxMicroseconds, other.MaxMicroseconds);
    }

    /// <summary>The value at quantile <paramref name="q"/> (0..1), in milliseconds; 0 when empty.</summary>
    public double PercentileMs(double q)
    {
        if (Count == 0)
        {
            return 0;
        }

        var rank = Math.Max(1, (long)Math.Ceiling(q * Count));
        long seen = 0;
        for (var i = 0; i < BucketCount; i++)
        {
            seen += _counts[i];
            if (seen >= rank)
            {
                return Math.Min(Midpoint(i), MaxMicroseconds) / 1000.0;
            }
        }

        return MaxMicroseconds / 1000.0;
    }

    public LatencySummary Summarize() => new(Count, PercentileMs(0.50), PercentileMs(0.99), PercentileMs(0.999), MaxMicroseconds / 1000.0);

    private static int Index(long value)
    {
        if (value < LinearBuckets)
        {
            return (int)value;
        }

        var magnitude = 63 - (int)long.LeadingZeroCount(value);
        var sub = (int)(value >> (magnitude - SubBucketBits)) - SubBuckets;
        return LinearBuckets + ((magnitude - LowestMagnitude) * SubBuckets) + sub;
    }

    private static double Midpoint(int index)
    {
        if (index < LinearBuckets)
        {
            return index;
        }

        var magnitude = LowestMagnitude + ((index - LinearBuckets) / SubBuckets);
        var sub = ((index - LinearBuckets) % SubBuckets) + SubBuckets;
        var width = 1L << (magnitude - SubBucketBits);
        return (sub * width) + (width / 2.0);
    }
}
