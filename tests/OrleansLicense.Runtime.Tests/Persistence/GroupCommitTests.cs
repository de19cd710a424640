using Microsoft.Extensions.DependencyInjection;
using OrleansLicense.Runtime.Grains;
using OrleansLicense.Runtime.Storage;
using OrleansLicense.Runtime.Tests.Grains;
using OrleansLicense.Runtime.Tests.Support;
using OrleansLicense.Testing;

namespace OrleansLicense.Runtime.Tests.Persistence;

/// <summary>Group commit: many callers, one append, every answer only after the commit.</summary>
public sealed class GroupCommitTests : SingleSiloTests
{

    [Fact]
    public async Task Queued_requests_share_one_append_and_nobody_is_answered_before_it_commits()
    {
        var ledger = Silo.Grains.GetGrain<ILedgerGrain>("g1");
        await ledger.Read();

        // The first request's batch is held at the commit gate; the rest queue up behind it.
        var first = ledger.DepositBatched(1, "c0");
        await Silo.Probe.WhenSignalled("g1:batch-decided:1");
        var rest = Enumerable.Range(1, 99).Select(i => ledger.DepositBatched(1, $"c{i}")).ToArray();
        await WaitUntil(async () => (await ledger.Read()).Balance == 0 && rest.All(t => !t.IsCompleted));

        Assert.False(first.IsCompleted);
        Assert.All(rest, t => Assert.False(t.IsCompleted));
        var store = Silo.Services.GetRequiredService<IEventLogStore>();
        Assert.Empty(await store.ReadAsync("ledger", new GrainId("Ledger", "g1"), 0, 1000, TestContext.Current.CancellationToken));

        Silo.Probe.Open("g1:commit");
        var answers = await Task.WhenAll(rest.Prepend(first));

        Assert.Equal(Enumerable.Range(1, 100), answers.Order());
        var (balance, version, batches) = await ledger.Read();
        Assert.Equal(100, balance);
        Assert.Equal(100, version);
        Assert.Equal(2, batches);
        Assert.Equal(100, (await store.ReadAsync("ledger", new GrainId("Ledger", "g1"), 0, 1000, TestContext.Current.CancellationToken)).Count);
    }

    [Fact]
    public async Task A_business_refusal_fails_only_its_caller()
    {
        var ledger = Silo.Grains.GetGrain<ILedgerGrain>("g2");
        Silo.Probe.Open("g2:commit");

        var good = ledger.DepositBatched(5, "ok");
        var bad = ledger.DepositBatched(-1, "bad");

        Assert.Equal(5, await good);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => bad);
    }

    [Fact]
    public async Task A_failed_commit_fails_every_caller_of_the_batch_and_stores_nothing()
    {
        var ledger = Silo.Grains.GetGrain<ILedgerGrain>("g3");
        Silo.Probe.Increment("g3:fail-commit");
        Silo.Probe.Open("g3:commit");

        var calls = Enumerable.Range(0, 10).Select(i => ledger.DepositBatched(1, $"c{i}")).ToArray();

        foreach (var call in calls)
        {
            await Assert.ThrowsAsync<IOException>(() => call);
        }

        Assert.Equal(0, (await ledger.Read()).Balance);
    }

    private static async Task WaitUntil(Func<Task<bool>> condition)
    {
        // Polls grain state (an interleaving read), bounded: the requests need a few turns to queue.
        for (var i = 0; i < 200 && !await condition(); i++)
        {
            await Task.Yield();
        }
    }
}
