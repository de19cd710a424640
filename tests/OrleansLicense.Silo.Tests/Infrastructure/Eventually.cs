using System.Diagnostics;
using OrleansLicense.Testing;

namespace OrleansLicense.Silo.Tests.Infrastructure;

/// <summary>Bounded polling for effects that land asynchronously (timers, one-way calls): short polls, a hard limit.</summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultLimit = TimeSpan.FromSeconds(15);

    /// <summary>Polls until <paramref name="condition"/> holds; fails with <paramref name="what"/> after <paramref name="limit"/>.</summary>
    public static async Task TrueAsync(Func<Task<bool>> condition, string what, TimeSpan? limit = null)
    {
        var deadline = Stopwatch.StartNew();
        var max = limit ?? DefaultLimit;
        while (!await condition())
        {
            if (deadline.Elapsed > max)
            {
                Assert.Fail($"Not true within {max.TotalSeconds:0.#} s: {what}");
            }

            await Task.Delay(5, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>
    /// Polls like <see cref="TrueAsync(Func{Task{bool}}, string, TimeSpan?)"/> while the silo's manual clock keeps
    /// moving by <paramref name="step"/> per look: a timer or reminder armed only after a test's jump in time (the grain
    /// arms it once its own write or Orleans' reminder table answered, later under load) still comes due.
    /// </summary>
    public static async Task TrueAsync(ManualClock clock, TimeSpan step, Func<Task<bool>> condition, string what, TimeSpan? limit = null)
    {
        var deadline = Stopwatch.StartNew();
        var max = limit ?? DefaultLimit;
        while (!await condition())
        {
            if (deadline.Elapsed > max)
            {
                Assert.Fail($"Not true within {max.TotalSeconds:0.#} s: {what}");
            }

            await Task.Delay(50, TestContext.Current.CancellationToken);
            clock.Advance(step);
        }
    }
}
