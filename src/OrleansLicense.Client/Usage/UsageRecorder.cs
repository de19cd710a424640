using OrleansLicense.Contracts.Sessions;
using OrleansLicense.Contracts.Usage;

namespace OrleansLicense.Client.Usage;

/// <summary>
/// What this client used since its last usage upload: seats taken per feature and seconds each feature was held. The
/// client uploads it when a license with forced authentication asks (R-USE-1); what an upload carried is subtracted
/// only once the server accepted it, so a failed upload loses nothing.
/// </summary>
internal sealed class UsageRecorder
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, int> _held = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (int CheckOuts, double Seconds)> _totals = new(StringComparer.Ordinal);
    private DateTimeOffset? _from;
    private DateTimeOffset _mark;

    /// <summary>The product of the last login, for uploads outside a call that names it.</summary>
    public string? Product { get; private set; }

    public void OnLogin(string product, IReadOnlyList<FeatureRequest> features, DateTimeOffset now)
    {
        lock (_lock)
        {
            Accrue(now);
            Product = product;
            _held.Clear();
            Take(features);
        }
    }

    public void OnCheckedOut(IReadOnlyList<FeatureRequest> added, IReadOnlyList<FeatureRequest> heldNow, DateTimeOffset now)
    {
        lock (_lock)
        {
            Accrue(now);
            Take(added);
            _held.Clear();
            foreach (var feature in heldNow)
            {
                _held[feature.Name] = feature.Count;
            }
        }
    }

    public void OnCheckedIn(string feature, DateTimeOffset now)
    {
        lock (_lock)
        {
            Accrue(now);
            _held.Remove(feature);
        }
    }

    public void OnEnded(DateTimeOffset now)
    {
        lock (_lock)
        {
            Accrue(now);
            _held.Clear();
        }
    }

    /// <summary>The record to upload now.</summary>
    public UsageRecord Snapshot(DateTimeOffset now)
    {
        lock (_lock)
        {
            Accrue(now);
            return new UsageRecord(
                _from ?? now,
                now,
                [.. _totals.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => new FeatureUsageRecord(t.Key, t.Value.CheckOuts, (long)t.Value.Seconds))]);
        }
    }

    /// <summary>The server accepted <paramref name="record"/>: what it carried is no longer owed.</summary>
    public void Uploaded(UsageRecord record)
    {
        lock (_lock)
        {
            foreach (var feature in record.Features)
            {
                if (_totals.TryGetValue(feature.Name, out var total))
                {
                    var left = (total.CheckOuts - feature.CheckOuts, total.Seconds - feature.Seconds);
                    if (left.Item1 <= 0 && left.Item2 < 1 && !_held.ContainsKey(feature.Name))
                    {
                        _totals.Remove(feature.Name);
                    }
                    else
                    {
                        _totals[feature.Name] = (Math.Max(0, left.Item1), Math.Max(0, left.Item2));
                    }
                }
            }

            _from = record.To;
        }
    }

    private void Take(IReadOnlyList<FeatureRequest> features)
    {
        foreach (var feature in features)
        {
            var total = _totals.GetValueOrDefault(feature.Name);
            _totals[feature.Name] = (total.CheckOuts + feature.Count, total.Seconds);
            _held[feature.Name] = _held.GetValueOrDefault(feature.Name) + feature.Count;
        }
    }

    private void Accrue(DateTimeOffset now)
    {
        _from ??= now;
        var seconds = Math.Max(0, (now - _mark).TotalSeconds);
        if (_mark != default)
        {
            foreach (var feature in _held.Keys)
            {
                var total = _totals.GetValueOrDefault(feature);
                _totals[feature] = (total.CheckOuts, total.Seconds + seconds);
            }
        }

        _mark = now;
    }
}
