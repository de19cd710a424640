using System.Collections.Concurrent;

namespace OrleansLicense.Runtime.Filters;

/// <summary>
/// Counts calls, errors and latency per grain type and method. <see cref="Roll"/> closes the
/// current second into a ring buffer of the last <see cref="Capacity"/> samples; the dashboard
/// reads the rings. Recording is lock-free: a counter per key, swapped out by the roll.
/// </summary>
public sealed class CallStatistics
{
    /// <summary>Samples kept per key: 100 seconds.</summary>
    public const int Capacity = 100;

    private readonly ConcurrentDictionary<(string GrainType, string Method), Counter> _counters = new();
    private readonly ConcurrentDictionary<(string GrainType, string Method), Ring> _rings = new();
    private readonly Ring _total = new();
    private readonly Lock _rollLock = new();

    /// <summary>Records one completed call.</summary>
    public void Record(string grainType, string method, TimeSpan latency, bool failed)
    {
        var counter = _counters.GetOrAdd((grainType, method), static _ => new Counter());
        counter.Add(latency.Ticks, failed);
    }

    /// <summary>Closes the current second: every key gets a sample stamped <paramref name="at"/>, and the silo total one.</summary>
    public void Roll(DateTimeOffset at)
    {
        lock (_rollLock)
        {
            long calls = 0, errors = 0, ticks = 0, maxTicks = 0;
            foreach (var (key, counter) in _counters)
            {
                var (c, e, t, m) = counter.TakeAndReset();
                calls += c;
                errors += e;
                ticks += t;
                maxTicks = Math.Max(maxTicks, m);
                _rings.GetOrAdd(key, static _ => new Ring()).Add(Sample(at, c, e, t, m));
            }

            _total.Add(Sample(at, calls, errors, ticks, maxTicks));
        }
    }

    /// <summary>The rings of every grain type and method seen.</summary>
    public IReadOnlyList<CallStatisticsSeries> Series()
        => [.. _rings.Select(kv => new CallStatisticsSeries(kv.Key.GrainType, kv.Key.Method, kv.Value.Snapshot()))
            .OrderBy(s => s.GrainType, StringComparer.Ordinal).ThenBy(s => s.Method, StringComparer.Ordinal)];

    /// <summary>The silo-wide ring.</summary>
    public IReadOnlyList<CallStatisticsSample> Total() => _total.Snapshot();

    private static CallStatisticsSample Sample(DateTimeOffset at, long calls, long errors, long ticks, long maxTicks)
        => new(at, calls, errors, calls == 0 ? 0 : TimeSpan.FromTicks(ticks / calls).TotalMilliseconds, TimeSpan.FromTicks(maxTicks).TotalMilliseconds);

    private sealed class Counter
    {
        private readonly Lock _lock = new();
        private long _calls;
        private long _errors;
        private long _ticks;
        private long _maxTicks;

        public void Add(long ticks, bool failed)
        {
            lock (_lock)
            {
                _calls++;
                _ticks += ticks;
                if (failed)
                {
                    _errors++;
                }

                if (ticks > _maxTicks)
                {
                    _maxTicks = ticks;
                }
            }
        }

        public (long Calls, long Errors, long Ticks, long MaxTicks) TakeAndReset()
        {
            lock (_lock)
            {
                var result = (_calls, _errors, _ticks, _maxTicks);
                _calls = _errors = _ticks = _maxTicks = 0;
                return result;
            }
        }
    }

    private sealed class Ring
    {
        private readonly CallStatisticsSample[] _items = new CallStatisticsSample[Capacity];
        private readonly Lock _lock = new();
        private int _next;
        private int _count;

        public void Add(CallStatisticsSample sample)
        {
            lock (_lock)
            {
                _items[_next] = sample;
                _next = (_next + 1) % Capacity;
                _count = Math.Min(_count + 1, Capacity);
            }
        }

        public IReadOnlyList<CallStatisticsSample> Snapshot()
        {
            lock (_lock)
            {
                var result = new CallStatisticsSample[_count];
                var start = (_next - _count + Capacity) % Capacity;
                for (var i = 0; i < _count; i++)
                {
                    result[i] = _items[(start + i) % Capacity];
                }

                return result;
            }
        }
    }
}
