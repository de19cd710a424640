using OrleansLicense.Runtime.Tests.Grains;
using OrleansLicense.Runtime.Tests.Support;
using OrleansLicense.Testing;

namespace OrleansLicense.Runtime.Tests.Activation;

/// <summary>Turn-based concurrency: one turn at a time, awaits included, and the opt-ins that interleave.</summary>
public sealed class TurnTests : SingleSiloTests
{

    [Fact]
    public async Task A_non_reentrant_grain_runs_one_call_at_a_time_awaits_included_in_arrival_order()
    {
        var grain = Silo.Grains.GetGrain<ITurnGrain>("g1");
        var first = grain.Hold("a");
        await Silo.Probe.WhenSignalled("g1:a:in");
        var second = grain.Hold("b");

        // Peek interleaves; "b" was queued before it, so had "b" been admitted it would show here.
        Assert.Equal(["a:in"], await grain.Peek());

        Silo.Probe.Open("g1:a");
        await first;
        await Silo.Probe.WhenSignalled("g1:b:in");
        Silo.Probe.Open("g1:b");
        await second;
        Assert.Equal(["a:in", "a:out", "b:in", "b:out"], await grain.Peek());
    }

    [Fact]
    public async Task AlwaysInterleave_method_runs_while_a_call_is_blocked()
    {
        var grain = Silo.Grains.GetGrain<ITurnGrain>("g2");
        var blocked = grain.Hold("a");
        await Silo.Probe.WhenSignalled("g2:a:in");

        var peek = await grain.Peek().WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);

        Assert.Equal(["a:in"], peek);
        Assert.False(blocked.IsCompleted);
        Silo.Probe.Open("g2:a");
        await blocked;
    }

    [Fact]
    public async Task ReadOnly_calls_interleave_with_each_other_but_not_with_writers()
    {
        var grain = Silo.Grains.GetGrain<ITurnGrain>("g3");
        var r1 = grain.HoldReadOnly("r1");
        var r2 = grain.HoldReadOnly("r2");
        await Silo.Probe.WhenSignalled("g3:r1:in");
        await Silo.Probe.WhenSignalled("g3:r2:in");
        var writer = grain.Hold("w");

        Assert.Equal(["r1:in", "r2:in"], await grain.Peek());

        Silo.Probe.Open("g3:r1");
        Silo.Probe.Open("g3:r2");
        await Task.WhenAll(r1, r2);
        await Silo.Probe.WhenSignalled("g3:w:in");
        Silo.Probe.Open("g3:w");
        await writer;
        Assert.Equal("w:out", (await grain.Peek())[^1]);
    }

    [Fact]
    public async Task A_reentrant_grain_interleaves_calls()
    {
        var grain = Silo.Grains.GetGrain<IReentrantTurnGrain>("g4");
        var a = grain.Hold("a");
        await Silo.Probe.WhenSignalled("g4:a:in");
        var b = grain.Hold("b");

        // "b" enters while "a" is still inside: that is reentrancy.
        await Silo.Probe.WhenSignalled("g4:b:in");
        Assert.False(a.IsCompleted);

        Silo.Probe.Open("g4:a");
        Silo.Probe.Open("g4:b");
        await Task.WhenAll(a, b);
    }

    [Fact]
    public async Task Interleaved_turns_still_run_one_thread_at_a_time()
    {
        var reentrant = Silo.Grains.GetGrain<IReentrantTurnGrain>("g5");
        var plain = Silo.Grains.GetGrain<ITurnGrain>("g5");

        var overlaps = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => reentrant.Churn(50)));
        var plainOverlaps = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => plain.Churn(50)));

        Assert.All(overlaps, o => Assert.Equal(0, o));
        Assert.All(plainOverlaps, o => Assert.Equal(0, o));
    }

    [Fact]
    public async Task A_grain_continues_on_its_own_scheduler_after_another_grain_answers_and_so_does_a_non_grain_caller()
    {
        // The callee answers a grain caller on its own thread (no thread-pool hop); the caller's await must still
        // resume on the caller's activation, never inside the callee's turn.
        var report = await Silo.Grains.GetGrain<IHopCallerGrain>("hop-1").CallAndReport("hop-callee-1", 20);

        Assert.Equal(report.Before, report.After);
        Assert.NotEqual(report.Callee, report.After);

        // A caller outside any grain is answered on the thread pool: its code after the await is not inside the callee.
        await Silo.Grains.GetGrain<IHopCalleeGrain>("hop-callee-1").SchedulerId();
        Assert.Same(TaskScheduler.Default, TaskScheduler.Current);
    }
}
