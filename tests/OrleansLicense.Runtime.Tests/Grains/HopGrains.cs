using OrleansLicense.Runtime.Grains;

namespace OrleansLicense.Runtime.Tests.Grains;

/// <summary>Which scheduler a turn runs on, before and after it awaits another grain's answer.</summary>
/// <param name="Before">The caller's scheduler id before the call.</param>
/// <param name="After">The caller's scheduler id after the answer.</param>
/// <param name="Callee">The callee's scheduler id.</param>
public sealed record HopReport(int Before, int After, int Callee);

public interface IHopCallerGrain : IGrain
{
    /// <summary>Calls <see cref="IHopCalleeGrain.SchedulerId"/> on <paramref name="callee"/> <paramref name="times"/> times in a row.</summary>
    Task<HopReport> CallAndReport(string callee, int times);
}

public interface IHopCalleeGrain : IGrain
{
    Task<int> SchedulerId();
}

internal sealed class HopCallerGrain : Grain, IHopCallerGrain
{
    public async Task<HopReport> CallAndReport(string callee, int times)
    {
        var before = TaskScheduler.Current.Id;
        var calleeId = 0;
        for (var i = 0; i < times; i++)
        {
            calleeId = await GrainFactory.GetGrain<IHopCalleeGrain>(callee).SchedulerId();
            Assert.Equal(before, TaskScheduler.Current.Id);
        }

        return new HopReport(before, TaskScheduler.Current.Id, calleeId);
    }
}

internal sealed class HopCalleeGrain : Grain, IHopCalleeGrain
{
    public Task<int> SchedulerId() => Task.FromResult(TaskScheduler.Current.Id);
}
