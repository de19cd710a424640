using System.Diagnostics;

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
}
