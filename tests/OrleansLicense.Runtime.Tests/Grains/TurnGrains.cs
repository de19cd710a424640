using OrleansLicense.Runtime.Grains;
using OrleansLicense.Runtime.Tests.Support;

namespace OrleansLicense.Runtime.Tests.Grains;

public interface ITurnGrain : IGrain
{
    /// <summary>Records entry, signals "{tag}:in", waits for gate "{tag}", records exit.</summary>
    Task Hold(string tag);

    [AlwaysInterleave]
    Task<IReadOnlyList<string>> Peek();

    [ReadOnly]
    Task HoldReadOnly(string tag);

    /// <summary>Synchronous sections across awaits; counts overlapping sections (must stay 0).</summary>
    Task<int> Churn(int steps);
}

public interface IReentrantTurnGrain : IGrain
{
    Task Hold(string tag);

    Task<int> Churn(int steps);
}

internal sealed class TurnGrain(Probe probe) : Grain, ITurnGrain
{
    private readonly List<string> _log = [];
    private int _inSection;
    private int _overlaps;

    public async Task Hold(string tag)
    {
        _log.Add($"{tag}:in");
        probe.Signal($"{Key}:{tag}:in");
        await probe.Gate($"{Key}:{tag}");
        _log.Add($"{tag}:out");
    }

    public Task HoldReadOnly(string tag) => Hold(tag);

    public Task<IReadOnlyList<string>> Peek() => Task.FromResult<IReadOnlyList<string>>([.. _log]);

    public async Task<int> Churn(int steps)
    {
        for (var i = 0; i < steps; i++)
        {
            if (Interlocked.Increment(ref _inSection) > 1)
            {
                Interlocked.Increment(ref _overlaps);
            }

            Thread.SpinWait(200);
            Interlocked.Decrement(ref _inSection);
            await Task.Yield();
        }

        return _overlaps;
    }
}

[Reentrant]
internal sealed class ReentrantTurnGrain(Probe probe) : Grain, IReentrantTurnGrain
{
    private int _inSection;
    private int _overlaps;

    public async Task Hold(string tag)
    {
        probe.Signal($"{Key}:{tag}:in");
        await probe.Gate($"{Key}:{tag}");
    }

    public async Task<int> Churn(int steps)
    {
        for (var i = 0; i < steps; i++)
        {
            if (Interlocked.Increment(ref _inSection) > 1)
            {
                Interlocked.Increment(ref _overlaps);
            }

            Thread.SpinWait(200);
            Interlocked.Decrement(ref _inSection);
            await Task.Yield();
        }

        return _overlaps;
    }
}
