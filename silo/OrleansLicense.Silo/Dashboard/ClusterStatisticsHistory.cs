using OrleansLicense.Silo.Dashboard.Views;

namespace OrleansLicense.Silo.Dashboard;

/// <summary>
/// The last <see cref="Capacity"/> readings of the cluster's statistics, for the console's charts. A reading is
/// kept when the console asks for the statistics, at most one a second, so nothing is sampled while nobody watches
/// (like the Orleans Dashboard's own profiler). Real time, whatever clock the host runs its grains on.
/// </summary>
internal sealed class ClusterStatisticsHistory
{
    /// <summary>Readings kept: 100 seconds at the console's pace.</summary>
    public const int Capacity = 100;

    /// <summary>Readings closer than this to the last one are not kept.</summary>
    public static readonly TimeSpan MinInterval = TimeSpan.FromMilliseconds(900);

    private readonly Lock _lock = new();
    private readonly Queue<ClusterSample> _samples = new();
    private ClusterSample? _last;

    /// <summary>Keeps <paramref name="sample"/> unless the last one is too recent; answers the history, oldest first.</summary>
    public IReadOnlyList<ClusterSample> Add(ClusterSample sample)
    {
        lock (_lock)
        {
            if (_last is null || sample.At - _last.At >= MinInterval)
            {
                _samples.Enqueue(sample);
                _last = sample;
                while (_samples.Count > Capacity)
                {
                    _samples.Dequeue();
                }
            }

            return [.. _samples];
        }
    }
}
