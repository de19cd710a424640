using System.Text.Json.Serialization;
using OrleansLicense.Runtime.Grains;
using OrleansLicense.Runtime.Persistence;
using OrleansLicense.Runtime.Tests.Support;

namespace OrleansLicense.Runtime.Tests.Grains;

public sealed class CounterState
{
    public int Value { get; set; }
}

public interface ICounterGrain : IGrain
{
    Task<int> Increment();

    [ReadOnly]
    Task<(int Value, long Version)> Read();
}

internal sealed class CounterGrain([PersistentState("counter")] IPersistentState<CounterState> state, Probe probe) : Grain, ICounterGrain
{
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        probe.Increment($"{Key}:activated");
        return Task.CompletedTask;
    }

    public async Task<int> Increment()
    {
        state.State.Value++;
        await state.WriteStateAsync();
        return state.State.Value;
    }

    public Task<(int Value, long Version)> Read() => Task.FromResult((state.State.Value, state.Version));
}

[JsonPolymorphic(TypeDiscriminatorPropertyName = "$e")]
[JsonDerivedType(typeof(Deposited), "deposited")]
[JsonDerivedType(typeof(Withdrawn), "withdrawn")]
public abstract record LedgerEvent;

public sealed record Deposited(int Amount, string By) : LedgerEvent;

public sealed record Withdrawn(int Amount) : LedgerEvent;

public sealed class LedgerState : IEventSourcedState<LedgerEvent>
{
    public int Balance { get; set; }

    public int Events { get; set; }

    public void Apply(LedgerEvent @event)
    {
        Balance += @event switch
        {
            Deposited d => d.Amount,
            Withdrawn w => -w.Amount,
            _ => 0,
        };
        Events++;
    }
}

public interface ILedgerGrain : IGrain
{
    Task<int> Deposit(int amount);

    /// <summary>Group-committed deposit: many callers share one append.</summary>
    [AlwaysInterleave]
    Task<int> DepositBatched(int amount, string by);

    [AlwaysInterleave]
    Task<(int Balance, long Version, long Batches)> Read();
}

[KeepAlive]
internal sealed class LedgerGrain : Grain, ILedgerGrain
{
    private readonly IEventLog<LedgerState, LedgerEvent> _log;
    private readonly Probe _probe;
    private readonly GroupCommitQueue<Deposited, int> _deposits;

    public LedgerGrain([EventLog("ledger", SnapshotInterval = 10)] IEventLog<LedgerState, LedgerEvent> log, Probe probe)
    {
        _log = log;
        _probe = probe;
        _deposits = new GroupCommitQueue<Deposited, int>(CommitDepositsAsync);
    }

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _probe.Increment($"{Key}:activated");
        return Task.CompletedTask;
    }

    public async Task<int> Deposit(int amount)
    {
        await _log.AppendAsync([new Deposited(amount, "single")]);
        return _log.State.Balance;
    }

    public Task<int> DepositBatched(int amount, string by) => _deposits.EnqueueAsync(new Deposited(amount, by));

    public Task<(int Balance, long Version, long Batches)> Read() => Task.FromResult((_log.State.Balance, _log.Version, _deposits.BatchCount));

    private async Task CommitDepositsAsync(IReadOnlyList<GroupCommitItem<Deposited, int>> items, CancellationToken cancellationToken)
    {
        var balance = _log.State.Balance;
        var accepted = new List<LedgerEvent>();
        foreach (var item in items)
        {
            if (item.Request.Amount <= 0)
            {
                item.Fail(new ArgumentOutOfRangeException(nameof(item.Request.Amount), "Deposits must be positive."));
                continue;
            }

            balance += item.Request.Amount;
            accepted.Add(item.Request);
            item.Answer(balance);
        }

        _probe.Signal($"{Key}:batch-decided:{_deposits.BatchCount}");
        await _probe.Gate($"{Key}:commit");
        if (_probe.Count($"{Key}:fail-commit") > 0)
        {
            throw new IOException("disk full (test)");
        }

        await _log.AppendAsync(accepted, cancellationToken);
    }
}
