using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OrleansLicense.Runtime.Grains;
using OrleansLicense.Runtime.Persistence;
using OrleansLicense.Runtime.Storage;
using OrleansLicense.Runtime.Tests.Support;

namespace OrleansLicense.Runtime.Tests.Persistence;

/// <summary>
/// A large state is snapshotted less often than every N events: each snapshot waits until the events since
/// the last one cost about as much to replay as the snapshot costs to write, so the bytes serialised per
/// event stay bounded however large the state grows; replay still gives the whole state.
/// </summary>
public sealed class SnapshotCostTests : SingleSiloTests
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task A_growing_state_is_snapshotted_ever_less_often_and_replays_whole()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = Silo.Services.GetRequiredService<IEventLogStore>();
        var grain = new GrainId("Notes", "n1");
        var log = new EventLog<NoteState, NoteAdded>("notes", grain, store, Json, TimeProvider.System, snapshotInterval: 2);
        await log.LoadAsync(ct);

        var snapshotAt = new List<long>();
        for (var i = 0; i < 60; i++)
        {
            await log.AppendAsync([new NoteAdded(new string((char)('a' + (i % 26)), 1000))], ct);
            if (await store.ReadSnapshotAsync("notes", grain, ct) is { } snapshot && (snapshotAt.Count == 0 || snapshotAt[^1] != snapshot.Version))
            {
                snapshotAt.Add(snapshot.Version);
            }
        }

        // Every 2 events would be 30 snapshots; with ~1 KB per event the gaps grow with the state.
        Assert.InRange(snapshotAt.Count, 2, 5);
        Assert.Equal(2, snapshotAt[0]);
        var gaps = snapshotAt.Zip(snapshotAt.Skip(1), (a, b) => b - a).ToList();
        Assert.All(gaps.Zip(gaps.Skip(1)), pair => Assert.True(pair.Second > pair.First, $"gaps {string.Join(",", gaps)} grow"));

        var replayed = new EventLog<NoteState, NoteAdded>("notes", grain, store, Json, TimeProvider.System, snapshotInterval: 2);
        await replayed.LoadAsync(ct);
        Assert.Equal(60, replayed.Version);
        Assert.Equal(60, replayed.State.Notes.Count);
        Assert.Equal(new string('h', 1000), replayed.State.Notes[59]);
    }

    public sealed record NoteAdded(string Text);

    public sealed class NoteState : IEventSourcedState<NoteAdded>
    {
        public List<string> Notes { get; set; } = [];

        public void Apply(NoteAdded @event) => Notes.Add(@event.Text);
    }
}
