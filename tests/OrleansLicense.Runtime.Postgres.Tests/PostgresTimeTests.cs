using Microsoft.Extensions.DependencyInjection;
using OrleansLicense.Runtime.Grains;
using OrleansLicense.Runtime.Membership;
using OrleansLicense.Runtime.Storage;

namespace OrleansLicense.Runtime.Postgres.Tests;

/// <summary>Times go through timestamptz: the instant survives to the microsecond, whatever the offset or the session time zone.</summary>
public sealed class PostgresTimeTests(PostgresFixture postgres) : IAsyncLifetime
{
    private static readonly GrainId Grain = new("pool", "acme/pro");

    // Microsecond precision (PostgreSQL's), and offsets on both sides of UTC.
    private static readonly DateTimeOffset[] Times =
    [
        new DateTimeOffset(2025, 6, 1, 12, 30, 45, 678, TimeSpan.FromHours(2)).AddTicks(1_230),
        new DateTimeOffset(1999, 12, 31, 23, 59, 59, 999, TimeSpan.FromHours(-8)).AddTicks(9_990),
        new DateTimeOffset(2038, 1, 19, 3, 14, 8, 1, TimeSpan.Zero),
        new DateTimeOffset(2100, 2, 28, 0, 0, 0, TimeSpan.FromMinutes(330)).AddTicks(10),
    ];

    private readonly PostgresTestSchema _schema = postgres.CreateSchema();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _schema.DisposeAsync();

    [Fact]
    public async Task Event_times_round_trip_to_the_microsecond_and_read_back_in_utc()
    {
        var store = _schema.Get<IEventLogStore>();

        await store.AppendAsync("log", Grain, 0, Times.Select((t, i) => new EventRecord($"{i}", t)).ToArray(), Ct);

        var stored = await store.ReadAsync("log", Grain, 0, 10, Ct);
        Assert.Equal(Times, stored.Select(e => e.RecordedAt));
        Assert.Equal(Times.Select(t => t.UtcTicks), stored.Select(e => e.RecordedAt.UtcTicks));
        Assert.All(stored, e => Assert.Equal(TimeSpan.Zero, e.RecordedAt.Offset));
    }

    [Fact]
    public async Task The_stored_value_is_the_utc_instant()
    {
        await _schema.Get<IEventLogStore>().AppendAsync("log", Grain, 0, [new EventRecord("e", Times[0])], Ct);

        var text = Assert.Single(await _schema.ColumnAsync(
            $"SELECT to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') FROM \"{_schema.Name}\".event_log;", Ct));

        Assert.Equal("2025-06-01 10:30:45.678123", text);
    }

    [Fact]
    public async Task Reminder_and_membership_times_round_trip_to_the_microsecond()
    {
        var reminders = _schema.Get<IReminderTable>();
        var membership = _schema.Get<IMembershipTable>();
        var silo = new SiloAddress("10.0.0.1", 11111, 1);
        var entry = new MembershipEntry(silo, "a", "http://a", SiloStatus.Active, Times[0], Times[1], [new SuspectVote(silo, Times[3])], null);
        var reminder = new ReminderEntry(Grain, "r", Times[2], TimeSpan.FromTicks(36_000_000_010), Grain.StableHash(), 0);

        var version = await reminders.UpsertAsync(reminder, Ct);
        await membership.InitializeAsync(Ct);
        Assert.True(await membership.InsertAsync(entry, 0, Ct));
        await membership.UpdateIAmAliveAsync(silo, Times[3], Ct);

        Assert.Equal(reminder with { Version = version }, await reminders.ReadAsync(Grain, "r", Ct));
        var row = Assert.Single((await membership.ReadAllAsync(Ct)).Entries);
        Assert.Equal(Times[0].UtcTicks, row.StartedAt.UtcTicks);
        Assert.Equal(Times[3].UtcTicks, row.IAmAliveAt.UtcTicks);
        Assert.Equal(Times[3].UtcTicks, Assert.Single(row.Suspicions).At.UtcTicks);
    }

    [Fact]
    public async Task The_session_time_zone_does_not_change_instants()
    {
        var utc = _schema.Open();
        var kolkata = _schema.Open(o => o.ConnectionString += ";Timezone=Asia/Kolkata");
        var honolulu = _schema.Open(o => o.ConnectionString += ";Timezone=Pacific/Honolulu");

        await kolkata.GetRequiredService<IEventLogStore>().AppendAsync("log", Grain, 0, Times.Select((t, i) => new EventRecord($"{i}", t)).ToArray(), Ct);
        await kolkata.GetRequiredService<IMembershipTable>().InitializeAsync(Ct);
        await kolkata.GetRequiredService<IMembershipTable>().InsertAsync(
            new MembershipEntry(new SiloAddress("h", 1, 1), "a", "g", SiloStatus.Dead, Times[0], Times[1], [], null), 0, Ct);

        foreach (var provider in new[] { utc, honolulu })
        {
            Assert.Equal(Times, (await provider.GetRequiredService<IEventLogStore>().ReadAsync("log", Grain, 0, 10, Ct)).Select(e => e.RecordedAt));
        }

        // The cutoff comparison happens in SQL, in Honolulu's session: it must compare instants.
        var membership = honolulu.GetRequiredService<IMembershipTable>();
        Assert.Equal(0, await membership.CleanupDeadAsync(Times[1], Ct));
        Assert.Equal(1, await membership.CleanupDeadAsync(Times[1].AddTicks(10), Ct));
    }
}
