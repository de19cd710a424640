using OrleansLicense.Runtime.Membership;

namespace OrleansLicense.Runtime.Conformance;

/// <summary>
/// The contract of <see cref="IMembershipTable"/>: one version per cluster is the only
/// compare-and-swap point; IAmAlive is a dirty write beside it.
/// </summary>
public abstract class MembershipTableConformance : ConformanceBase<IMembershipTable>
{
    private static readonly SiloAddress SiloA = new("10.0.0.1", 11111, 1_717_000_000_001);
    private static readonly SiloAddress SiloB = new("10.0.0.2", 11111, 1_717_000_000_002);
    private static readonly SiloAddress SiloC = new("10.0.0.3", 11111, 1_717_000_000_003);

    private static MembershipEntry Entry(SiloAddress silo, SiloStatus status = SiloStatus.Joining, DateTimeOffset? alive = null) =>
        new(silo, $"host-{silo.Host}", $"http://{silo.Host}:8080", status, T0, alive ?? T0.AddSeconds(1), [], null);

    private static void AssertSameEntry(MembershipEntry expected, MembershipEntry actual)
    {
        Assert.Equal(expected.Silo, actual.Silo);
        Assert.Equal(expected.SiloName, actual.SiloName);
        Assert.Equal(expected.GatewayUrl, actual.GatewayUrl);
        Assert.Equal(expected.Status, actual.Status);
        Assert.Equal(expected.StartedAt, actual.StartedAt);
        Assert.Equal(expected.IAmAliveAt, actual.IAmAliveAt);
        Assert.Equal(expected.Suspicions, actual.Suspicions);
        Assert.Equal(expected.Role, actual.Role);
    }

    private async Task<long> InitializedVersionAsync()
    {
        await Store.InitializeAsync(Ct);
        return (await Store.ReadAllAsync(Ct)).Version;
    }

    private async Task<MembershipEntry> RowAsync(SiloAddress silo) =>
        Assert.Single((await Store.ReadAllAsync(Ct)).Entries, e => e.Silo == silo);

    [Fact]
    public async Task Initialize_creates_an_empty_table()
    {
        await Store.InitializeAsync(Ct);

        Assert.Empty((await Store.ReadAllAsync(Ct)).Entries);
    }

    [Fact]
    public async Task Initialize_is_idempotent_and_keeps_rows_and_version()
    {
        var v0 = await InitializedVersionAsync();
        await Store.InitializeAsync(Ct);
        Assert.Equal(v0, (await Store.ReadAllAsync(Ct)).Version);

        Assert.True(await Store.InsertAsync(Entry(SiloA), v0, Ct));
        var after = await Store.ReadAllAsync(Ct);
        await Store.InitializeAsync(Ct);

        var again = await Store.ReadAllAsync(Ct);
        Assert.Equal(after.Version, again.Version);
        AssertSameEntry(Entry(SiloA), Assert.Single(again.Entries));
    }

    [Fact]
    public async Task Insert_at_the_current_version_stores_the_row_and_bumps_the_version()
    {
        var v0 = await InitializedVersionAsync();

        Assert.True(await Store.InsertAsync(Entry(SiloA), v0, Ct));

        var data = await Store.ReadAllAsync(Ct);
        Assert.True(data.Version > v0);
        AssertSameEntry(Entry(SiloA), Assert.Single(data.Entries));
    }

    [Fact]
    public async Task Insert_at_a_stale_version_is_refused_and_changes_nothing()
    {
        var v0 = await InitializedVersionAsync();
        Assert.True(await Store.InsertAsync(Entry(SiloA), v0, Ct));
        var v1 = (await Store.ReadAllAsync(Ct)).Version;

        Assert.False(await Store.InsertAsync(Entry(SiloB), v0, Ct));

        var data = await Store.ReadAllAsync(Ct);
        Assert.Equal(v1, data.Version);
        Assert.Equal([SiloA], data.Entries.Select(e => e.Silo));
    }

    [Fact]
    public async Task Insert_of_an_existing_silo_is_refused_and_does_not_bump_the_version()
    {
        var v0 = await InitializedVersionAsync();
        Assert.True(await Store.InsertAsync(Entry(SiloA), v0, Ct));
        var v1 = (await Store.ReadAllAsync(Ct)).Version;

        Assert.False(await Store.InsertAsync(Entry(SiloA, SiloStatus.Active), v1, Ct));

        var data = await Store.ReadAllAsync(Ct);
        Assert.Equal(v1, data.Version);
        AssertSameEntry(Entry(SiloA), Assert.Single(data.Entries));
    }

    [Fact]
    public async Task A_restarted_silo_with_a_new_generation_is_a_new_row()
    {
        var v0 = await InitializedVersionAsync();
        Assert.True(await Store.InsertAsync(Entry(SiloA), v0, Ct));
        var restarted = SiloA with { Generation = SiloA.Generation + 1 };

        Assert.True(await Store.InsertAsync(Entry(restarted), (await Store.ReadAllAsync(Ct)).Version, Ct));

        Assert.Equal(2, (await Store.ReadAllAsync(Ct)).Entries.Count);
    }

    [Fact]
    public async Task Every_insert_and_update_bumps_the_version()
    {
        var version = await InitializedVersionAsync();
        var seen = new List<long> { version };

        foreach (var silo in new[] { SiloA, SiloB })
        {
            Assert.True(await Store.InsertAsync(Entry(silo), version, Ct));
            version = (await Store.ReadAllAsync(Ct)).Version;
            seen.Add(version);
        }

        Assert.True(await Store.UpdateAsync(Entry(SiloA, SiloStatus.Active), version, Ct));
        seen.Add((await Store.ReadAllAsync(Ct)).Version);

        Assert.Equal(seen.Order(), seen);
        Assert.Equal(seen.Count, seen.Distinct().Count());
    }

    [Fact]
    public async Task Update_at_the_current_version_replaces_status_suspicions_and_role()
    {
        var v0 = await InitializedVersionAsync();
        Assert.True(await Store.InsertAsync(Entry(SiloA), v0, Ct));
        var v1 = (await Store.ReadAllAsync(Ct)).Version;
        var updated = Entry(SiloA, SiloStatus.Active) with
        {
            Suspicions = [new SuspectVote(SiloB, T0.AddSeconds(30)), new SuspectVote(SiloC, T0.AddSeconds(31))],
            Role = "primary",
        };

        Assert.True(await Store.UpdateAsync(updated, v1, Ct));

        var data = await Store.ReadAllAsync(Ct);
        Assert.True(data.Version > v1);
        AssertSameEntry(updated, Assert.Single(data.Entries));
    }

    [Fact]
    public async Task Update_at_a_stale_version_is_refused_and_changes_nothing()
    {
        var v0 = await InitializedVersionAsync();
        Assert.True(await Store.InsertAsync(Entry(SiloA), v0, Ct));
        Assert.True(await Store.InsertAsync(Entry(SiloB), (await Store.ReadAllAsync(Ct)).Version, Ct));
        var current = (await Store.ReadAllAsync(Ct)).Version;

        Assert.False(await Store.UpdateAsync(Entry(SiloA, SiloStatus.Dead), v0, Ct));

        Assert.Equal(current, (await Store.ReadAllAsync(Ct)).Version);
        Assert.Equal(SiloStatus.Joining, (await RowAsync(SiloA)).Status);
    }

    [Fact]
    public async Task Update_of_a_missing_row_is_refused_and_does_not_bump_the_version()
    {
        var v0 = await InitializedVersionAsync();

        Assert.False(await Store.UpdateAsync(Entry(SiloA, SiloStatus.Active), v0, Ct));

        var data = await Store.ReadAllAsync(Ct);
        Assert.Equal(v0, data.Version);
        Assert.Empty(data.Entries);
    }

    [Fact]
    public async Task IAmAlive_writes_the_time_without_bumping_the_version()
    {
        var v0 = await InitializedVersionAsync();
        Assert.True(await Store.InsertAsync(Entry(SiloA), v0, Ct));
        var v1 = (await Store.ReadAllAsync(Ct)).Version;
        var alive = T0.AddMinutes(10).AddMilliseconds(7);

        await Store.UpdateIAmAliveAsync(SiloA, alive, Ct);

        var data = await Store.ReadAllAsync(Ct);
        Assert.Equal(v1, data.Version);
        AssertSameEntry(Entry(SiloA) with { IAmAliveAt = alive }, Assert.Single(data.Entries));

        // The version did not move, so a writer that read v1 before the liveness write still wins.
        Assert.True(await Store.UpdateAsync(Entry(SiloA, SiloStatus.Active), v1, Ct));
    }

    [Fact]
    public async Task IAmAlive_only_touches_its_own_row()
    {
        var version = await InitializedVersionAsync();
        Assert.True(await Store.InsertAsync(Entry(SiloA), version, Ct));
        Assert.True(await Store.InsertAsync(Entry(SiloB), (await Store.ReadAllAsync(Ct)).Version, Ct));

        await Store.UpdateIAmAliveAsync(SiloB, T0.AddHours(1), Ct);

        Assert.Equal(Entry(SiloA).IAmAliveAt, (await RowAsync(SiloA)).IAmAliveAt);
        Assert.Equal(T0.AddHours(1), (await RowAsync(SiloB)).IAmAliveAt);
    }

    [Fact]
    public async Task Suspicions_and_role_round_trip_on_insert()
    {
        var v0 = await InitializedVersionAsync();
        var entry = Entry(SiloA, SiloStatus.Active) with
        {
            Suspicions = [new SuspectVote(SiloB, T0.AddMilliseconds(1)), new SuspectVote(new SiloAddress("fe80::1", 30000, 42), T0.AddDays(-1))],
            Role = "secondary",
        };

        Assert.True(await Store.InsertAsync(entry, v0, Ct));

        AssertSameEntry(entry, await RowAsync(SiloA));
    }

    [Fact]
    public async Task Suspicions_and_role_can_be_cleared_by_update()
    {
        var v0 = await InitializedVersionAsync();
        var suspected = Entry(SiloA, SiloStatus.Active) with { Suspicions = [new SuspectVote(SiloB, T0)], Role = "primary" };
        Assert.True(await Store.InsertAsync(suspected, v0, Ct));

        Assert.True(await Store.UpdateAsync(suspected with { Suspicions = [], Role = null }, (await Store.ReadAllAsync(Ct)).Version, Ct));

        var row = await RowAsync(SiloA);
        Assert.Empty(row.Suspicions);
        Assert.Null(row.Role);
    }

    [Fact]
    public async Task Cleanup_deletes_only_dead_rows_older_than_the_cutoff()
    {
        var version = await InitializedVersionAsync();
        var cutoff = T0.AddHours(1);
        var deadOld = Entry(SiloA, SiloStatus.Dead, cutoff.AddMilliseconds(-1));
        var deadRecent = Entry(SiloB, SiloStatus.Dead, cutoff.AddMinutes(1));
        var activeOld = Entry(SiloC, SiloStatus.Active, cutoff.AddDays(-1));
        foreach (var entry in new[] { deadOld, deadRecent, activeOld })
        {
            Assert.True(await Store.InsertAsync(entry, version, Ct));
            version = (await Store.ReadAllAsync(Ct)).Version;
        }

        Assert.Equal(1, await Store.CleanupDeadAsync(cutoff, Ct));

        Assert.Equal([SiloB, SiloC], (await Store.ReadAllAsync(Ct)).Entries.Select(e => e.Silo).OrderBy(s => s.Host, StringComparer.Ordinal));
        Assert.Equal(0, await Store.CleanupDeadAsync(cutoff, Ct));
    }

    [Fact]
    public async Task Concurrent_inserts_on_one_version_exactly_one_wins()
    {
        var v0 = await InitializedVersionAsync();
        const int silos = 12;

        var outcomes = await RaceAsync(silos, i => Store.InsertAsync(Entry(new SiloAddress($"10.1.0.{i}", 11111, i)), v0, Ct));

        Assert.Single(outcomes, won => won);
        var winner = Array.IndexOf(outcomes, true);
        Assert.Equal([$"10.1.0.{winner}"], (await Store.ReadAllAsync(Ct)).Entries.Select(e => e.Silo.Host));
    }

    [Fact]
    public async Task Concurrent_updates_on_one_version_exactly_one_wins()
    {
        var v0 = await InitializedVersionAsync();
        Assert.True(await Store.InsertAsync(Entry(SiloA), v0, Ct));
        var v1 = (await Store.ReadAllAsync(Ct)).Version;
        const int voters = 12;

        var outcomes = await RaceAsync(voters, i => Store.UpdateAsync(
            Entry(SiloA) with { Suspicions = [new SuspectVote(new SiloAddress("voter", i, i), T0)] }, v1, Ct));

        Assert.Single(outcomes, won => won);
        var row = await RowAsync(SiloA);
        Assert.Equal(Array.IndexOf(outcomes, true), Assert.Single(row.Suspicions).Voter.Port);
    }
}
