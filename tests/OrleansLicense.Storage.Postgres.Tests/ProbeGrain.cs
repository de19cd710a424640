using Orleans;
using Orleans.Runtime;

namespace OrleansLicense.Storage.Postgres.Tests;

/// <summary>A grain with a state in the license storage and a reminder, to see a real cluster use both.</summary>
public interface IProbeGrain : IGrainWithStringKey
{
    /// <summary>Stores <paramref name="value"/>; answers with where it ran.</summary>
    Task<ProbeReading> Write(int value);

    /// <summary>Answers the stored value and where it ran.</summary>
    Task<ProbeReading> Read();

    /// <summary>Registers a reminder (a row in the reminder table).</summary>
    Task RegisterReminder(string name);
}

/// <summary>A value and the silo that answered it.</summary>
/// <param name="Value">The stored value.</param>
/// <param name="Silo">The answering silo's runtime identity.</param>
[GenerateSerializer, Immutable]
public sealed record ProbeReading([property: Id(0)] int Value, [property: Id(1)] string Silo);

/// <summary>The probe's state.</summary>
public sealed class ProbeState
{
    /// <summary>The stored value.</summary>
    public int Value { get; set; }
}

/// <summary>Keeps a number in the license storage and registers reminders on request.</summary>
public sealed class ProbeGrain([PersistentState("probe", LicenseStorage.StateStorageName)] IPersistentState<ProbeState> state) : Grain, IProbeGrain, IRemindable
{
    public async Task<ProbeReading> Write(int value)
    {
        state.State.Value = value;
        await state.WriteStateAsync();
        return new ProbeReading(value, RuntimeIdentity);
    }

    public Task<ProbeReading> Read() => Task.FromResult(new ProbeReading(state.State.Value, RuntimeIdentity));

    public Task RegisterReminder(string name) => this.RegisterOrUpdateReminder(name, TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(5));

    public Task ReceiveReminder(string reminderName, TickStatus status) => Task.CompletedTask;
}
