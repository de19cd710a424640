using OrleansLicense.Runtime.Directory;
using OrleansLicense.Runtime.Grains;
using OrleansLicense.Runtime.Membership;
using OrleansLicense.Runtime.Storage;

namespace OrleansLicense.Runtime.Postgres.Tests;

/// <summary>
/// Where the interfaces are silent, the PostgreSQL providers make the same choices as the SQLite
/// ones, so a cluster behaves the same on either.
/// </summary>
public sealed class PostgresSemanticsTests(PostgresFixture postgres) : IAsyncLifetime
{
    private static readonly GrainId Grain = new("pool", "acme/pro");
    private static readonly DateTimeOffset T0 = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly SiloAddress SiloA = new("10.0.0.1", 11111, 1);

    private readonly PostgresTestSchema _schema = postgres.CreateSchema();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _schema.DisposeAsync();

    private static MembershipEntry Entry(SiloStatus status = SiloStatus.Joining) =>
        new(SiloA, "silo-a", "http://a:8080", status, T0, T0.AddSeconds(1), [], null);

    [Fact]
    public async Task Membership_before_initialize_reads_version_0_and_refuses_inserts()
    {
        var table = _schema.Get<IMembershipTable>();

        var data = await table.ReadAllAsync(Ct);

        Assert.Equal(0, data.Version);
        Assert.Empty(data.Entries);
        Assert.False(await table.InsertAsync(Entry(), 0, Ct));
        Assert.False(await table.UpdateAsync(Entry(), 0, Ct));
        await table.InitializeAsync(Ct);
        Assert.True(await table.InsertAsync(Entry(), 0, Ct));
    }

    [Fact]
    public async Task Cleanup_does_not_bump_the_version()
    {
        var table = _schema.Get<IMembershipTable>();
        await table.InitializeAsync(Ct);
        Assert.True(await table.InsertAsync(Entry(SiloStatus.Dead), 0, Ct));

        Assert.Equal(1, await table.CleanupDeadAsync(T0.AddHours(1), Ct));

        var data = await table.ReadAllAsync(Ct);
        Assert.Equal(1, data.Version);
        Assert.Empty(data.Entries);
    }

    [Fact]
    public async Task Update_writes_only_status_suspicions_and_role()
    {
        var table = _schema.Get<IMembershipTable>();
        await table.InitializeAsync(Ct);
        Assert.True(await table.InsertAsync(Entry(), 0, Ct));
        await table.UpdateIAmAliveAsync(SiloA, T0.AddMinutes(5), Ct);
        var stale = Entry(SiloStatus.Active) with
        {
            SiloName = "renamed",
            GatewayUrl = "http://elsewhere",
            StartedAt = T0.AddDays(-1),
            IAmAliveAt = T0,
            Suspicions = [new SuspectVote(new SiloAddress("10.0.0.2", 11111, 2), T0.AddMinutes(4))],
            Role = "primary",
        };

        Assert.True(await table.UpdateAsync(stale, 1, Ct));

        var row = Assert.Single((await table.ReadAllAsync(Ct)).Entries);
        Assert.Equal(Entry(SiloStatus.Active) with { IAmAliveAt = T0.AddMinutes(5), Role = "primary" }, row with { Suspicions = [] });
        Assert.Equal(stale.Suspicions, row.Suspicions);
    }

    [Fact]
    public async Task Suspicions_are_stored_as_a_jsonb_array_of_voter_and_utc_time()
    {
        var table = _schema.Get<IMembershipTable>();
        await table.InitializeAsync(Ct);
        var at = new DateTimeOffset(2025, 6, 1, 14, 0, 0, 5, TimeSpan.FromHours(2));

        Assert.True(await table.InsertAsync(Entry() with { Suspicions = [new SuspectVote(new SiloAddress("fe80::1", 30000, 42), at)] }, 0, Ct));

        var row = Assert.Single(await _schema.QueryAsync(
            $"SELECT jsonb_typeof(suspicions), suspicions->0->>'voter', (suspicions->0->>'at')::timestamptz = '2025-06-01 12:00:00.005+00' FROM \"{_schema.Name}\".membership;", Ct));
        Assert.Equal(new string?[] { "array", "fe80::1:30000@42", "True" }, row);
    }

    [Fact]
    public async Task IAmAlive_of_a_missing_silo_is_a_no_op()
    {
        var table = _schema.Get<IMembershipTable>();
        await table.InitializeAsync(Ct);

        await table.UpdateIAmAliveAsync(SiloA, T0, Ct);

        Assert.Empty((await table.ReadAllAsync(Ct)).Entries);
    }

    [Fact]
    public async Task A_snapshot_with_the_same_version_replaces()
    {
        var store = _schema.Get<IEventLogStore>();
        await store.WriteSnapshotAsync("log", Grain, new StoredSnapshot(4, "first"), Ct);

        await store.WriteSnapshotAsync("log", Grain, new StoredSnapshot(4, "second"), Ct);

        Assert.Equal(new StoredSnapshot(4, "second"), await store.ReadSnapshotAsync("log", Grain, Ct));
    }

    [Fact]
    public async Task An_empty_append_checks_the_length()
    {
        var store = _schema.Get<IEventLogStore>();
        await store.AppendAsync("log", Grain, 0, [new EventRecord("a", T0), new EventRecord("b", T0)], Ct);

        Assert.Equal(2, await store.AppendAsync("log", Grain, 2, [], Ct));
        var ex = await Assert.ThrowsAsync<InconsistentStateException>(() => store.AppendAsync("log", Grain, 1, [], Ct));

        Assert.Equal(1, ex.ExpectedVersion);
        Assert.Equal(2, ex.StoredVersion);
        Assert.Equal(0, await store.AppendAsync("log", new GrainId("pool", "empty"), 0, [], Ct));
    }

    [Fact]
    public async Task Register_with_a_previous_entry_of_another_grain_throws()
    {
        var store = _schema.Get<IGrainDirectoryStore>();
        var previous = new GrainAddress(new GrainId("pool", "other"), SiloA, "act-0");

        await Assert.ThrowsAsync<ArgumentException>(() => store.RegisterAsync(new GrainAddress(Grain, SiloA, "act-1"), previous, Ct));

        Assert.Null(await store.LookupAsync(Grain, Ct));
    }

    [Fact]
    public async Task Unregister_silos_with_duplicates_counts_each_entry_once()
    {
        var store = _schema.Get<IGrainDirectoryStore>();
        await store.RegisterAsync(new GrainAddress(Grain, SiloA, "act-1"), null, Ct);
        await store.RegisterAsync(new GrainAddress(new GrainId("pool", "other"), SiloA, "act-2"), null, Ct);

        Assert.Equal(2, await store.UnregisterSilosAsync([SiloA, SiloA with { }], Ct));
    }
}
