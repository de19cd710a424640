namespace OrleansLicense.Storage.Conformance;

/// <summary>
/// What every conformance suite shares: a fresh, empty store per test (xunit creates one test
/// class instance per test) and helpers for racing writers.
/// </summary>
/// <typeparam name="TStore">The storage interface under test.</typeparam>
public abstract class ConformanceBase<TStore> : IAsyncLifetime
    where TStore : class
{
    private TStore? _store;

    /// <summary>A time with milliseconds and a non-UTC offset: providers must keep the instant to the millisecond.</summary>
    protected static readonly DateTimeOffset T0 = new(2025, 6, 1, 12, 30, 45, 678, TimeSpan.FromHours(2));

    /// <summary>The store of the running test.</summary>
    protected TStore Store => _store ?? throw new InvalidOperationException("The store is created in InitializeAsync.");

    /// <summary>The token that xunit cancels when the test is aborted.</summary>
    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Creates a fresh, empty store. Called once per test, before it runs.</summary>
    protected abstract Task<TStore> CreateStoreAsync();

    /// <inheritdoc />
    public virtual async ValueTask InitializeAsync() => _store = await CreateStoreAsync();

    /// <summary>Override to release the store (delete files, drop schemas); call the base.</summary>
    public virtual ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// Starts <paramref name="count"/> calls on the thread pool at once and waits for all; each
    /// result is true when the call succeeded and false when it threw <typeparamref name="TException"/>.
    /// </summary>
    protected static async Task<bool[]> RaceAsync<TException>(int count, Func<int, Task> call)
        where TException : Exception
    {
        ArgumentNullException.ThrowIfNull(call);
        using var start = new ManualResetEventSlim(false);
        var tasks = Enumerable.Range(0, count).Select(i => Task.Run(async () =>
        {
            // Hold every caller at the line until all are scheduled, so they really overlap.
            start.Wait(Ct);
            try
            {
                await call(i);
                return true;
            }
            catch (TException)
            {
                return false;
            }
        })).ToArray();
        start.Set();
        return await Task.WhenAll(tasks);
    }

    /// <summary>Starts <paramref name="count"/> calls on the thread pool at once and returns their results in order.</summary>
    protected static async Task<T[]> RaceAsync<T>(int count, Func<int, Task<T>> call)
    {
        ArgumentNullException.ThrowIfNull(call);
        using var start = new ManualResetEventSlim(false);
        var tasks = Enumerable.Range(0, count).Select(i => Task.Run(async () =>
        {
            start.Wait(Ct);
            return await call(i);
        })).ToArray();
        start.Set();
        return await Task.WhenAll(tasks);
    }
}
