using Microsoft.Extensions.DependencyInjection;
using OrleansLicense.Runtime.Grains;
using OrleansLicense.Runtime.Storage;
using OrleansLicense.Runtime.Tests.Grains;
using OrleansLicense.Runtime.Tests.Support;
using OrleansLicense.Testing;

namespace OrleansLicense.Runtime.Tests.Persistence;

/// <summary>IEventLog: append with an expected sequence, replay with snapshots, CAS conflicts.</summary>
public sealed class EventLogTests : SingleSiloTests
{
    private static readonly GrainId Ledger = new("Ledger", "l1");

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        Silo.Probe.Open("l1:commit");
    }

    [Fact]
    public async Task Events_replay_through_snapshots_after_a_restart()
    {
        var ledger = Silo.Grains.GetGrain<ILedgerGrain>("l1");
        for (var i = 1; i <= 25; i++)
        {
            await ledger.Deposit(i);
        }

        await RestartAsync();

        var (balance, version, _) = await Silo.Grains.GetGrain<ILedgerGrain>("l1").Read();
        Assert.Equal(325, balance);
        Assert.Equal(25, version);
        var snapshot = await Silo.Services.GetRequiredService<IEventLogStore>().ReadSnapshotAsync("ledger", Ledger, TestContext.Current.CancellationToken);
        Assert.Equal(20, snapshot!.Version);
    }

    [Fact]
    public async Task A_lost_append_race_retries_on_a_fresh_activation_that_replays_the_other_writer()
    {
        var ledger = Silo.Grains.GetGrain<ILedgerGrain>("l1");
        await ledger.Deposit(5);

        var store = Silo.Services.GetRequiredService<IEventLogStore>();
        var now = DateTimeOffset.UtcNow;
        await store.AppendAsync("ledger", Ledger, 1, [new EventRecord("""{"$e":"deposited","amount":100,"by":"other"}""", now)], TestContext.Current.CancellationToken);

        var balance = await ledger.Deposit(1);

        Assert.Equal(106, balance);
        Assert.Equal(2, Silo.Probe.Count("l1:activated"));
        var events = await store.ReadAsync("ledger", Ledger, 0, 100, TestContext.Current.CancellationToken);
        Assert.Equal([1L, 2, 3], events.Select(e => e.Sequence));
    }
}
