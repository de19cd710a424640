using Orleans;
using Orleans.Runtime;

namespace OrleansLicense.Storage.Sqlite.Tests.Silo;

/// <summary>A grain with persistent state on the license storage and a reminder.</summary>
public interface ICounterGrain : IGrainWithStringKey
{
    /// <summary>Adds to the stored value; answered after the write is durable.</summary>
    Task<int> Add(int amount);

    /// <summary>The stored value.</summary>
    Task<int> Get();

    /// <summary>Registers the "tick" reminder.</summary>
    Task Remind(TimeSpan due, TimeSpan period);

    /// <summary>How many ticks the reminder delivered (stored).</summary>
    Task<int> Ticks();

    /// <summary>The state's ETag.</summary>
    Task<string?> ETag();
}

/// <summary>The counter's stored state.</summary>
public sealed class CounterState
{
    /// <summary>The value.</summary>
    public int Value { get; set; }

    /// <summary>Ticks delivered.</summary>
    public int Ticks { get; set; }
}

/// <summary>The counter.</summary>
public sealed class CounterGrain(
    [PersistentState("counter", LicenseStorage.StateStorageName)] IPersistentState<CounterState> state) : Grain, ICounterGrain, IRemindable
{
    /// <inheritdoc />
    public async Task<int> Add(int amount)
    {
        state.State.Value += amount;
        await state.WriteStateAsync();
        return state.State.Value;
    }

    /// <inheritdoc />
    public Task<int> Get() => Task.FromResult(state.State.Value);

    /// <inheritdoc />
    public Task Remind(TimeSpan due, TimeSpan period) => this.RegisterOrUpdateReminder("tick", due, period);

    /// <inheritdoc />
    public Task<int> Ticks() => Task.FromResult(state.State.Ticks);

    /// <inheritdoc />
    public Task<string?> ETag() => Task.FromResult<string?>(state.Etag);

    /// <inheritdoc />
    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        state.State.Ticks++;
        await state.WriteStateAsync();
    }
}
