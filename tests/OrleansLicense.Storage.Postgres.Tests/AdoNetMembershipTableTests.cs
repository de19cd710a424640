using System.Net;
using Orleans;
using Orleans.Runtime;

namespace OrleansLicense.Storage.Postgres.Tests;

/// <summary>
/// Orleans' own ADO.NET membership table, as AddPostgresLicenseStorage registers it, on our schema:
/// the table version is the one compare-and-swap point, a refused write changes nothing, heartbeats
/// never move back, and only old Dead rows are cleaned up.
/// </summary>
public sealed class AdoNetMembershipTableTests(PostgresFixture postgres) : IAsyncLifetime
{
    private static readonly DateTime T0 = new(2026, 12, 1, 10, 0, 0, 123, DateTimeKind.Utc);

    private TestSchema? _schema;
    private UnstartedSilo? _silo;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private IMembershipTable Table => _silo!.MembershipTable;

    public async ValueTask InitializeAsync()
    {
        _schema = await postgres.CreateSchemaAsync(Ct);
        _silo = UnstartedSilo.Create(_schema.ConnectionString, clusterId: "grid-a");
        await _silo.MigrateAsync(Ct);
        await Table.InitializeMembershipTableAsync(true, Ct);
    }

    public async ValueTask DisposeAsync()
    {
        await _silo!.DisposeAsync();
        await _schema!.DisposeAsync();
    }

    private static MembershipEntry Entry(int port, SiloStatus status = SiloStatus.Joining, DateTime? start = null) => new()
    {
        SiloAddress = SiloAddress.New(new IPEndPoint(IPAddress.Loopback, port), 7),
        SiloName = $"silo-{port}",
        HostName = "host-a",
        Status = status,
        ProxyPort = port + 1,
        StartTime = start ?? T0,
        IAmAliveTime = start ?? T0,
    };

    [Fact]
    public async Task A_new_cluster_has_version_0_and_no_silos_and_initializing_again_keeps_it()
    {
        await Table.InitializeMembershipTableAsync(true, Ct);

        var all = await Table.ReadAllAsync(Ct);

        Assert.Empty(all.Members);
        Assert.Equal(0, all.Version.Version);
    }

    [Fact]
    public async Task Insert_at_the_current_version_bumps_it_and_the_row_reads_back()
    {
        var version = (await Table.ReadAllAsync(Ct)).Version;
        var entry = Entry(20001);

        Assert.True(await Table.InsertRowAsync(entry, version.Next(), Ct));

        var all = await Table.ReadAllAsync(Ct);
        Assert.Equal(1, all.Version.Version);
        var (read, _) = Assert.Single(all.Members);
        Assert.Equal(entry.SiloAddress, read.SiloAddress);
        Assert.Equal(entry.SiloName, read.SiloName);
        Assert.Equal(entry.HostName, read.HostName);
        Assert.Equal(entry.Status, read.Status);
        Assert.Equal(entry.ProxyPort, read.ProxyPort);
        Assert.Equal(entry.StartTime, read.StartTime);
        Assert.Equal(entry.IAmAliveTime, read.IAmAliveTime);
        var row = await Table.ReadRowAsync(entry.SiloAddress, Ct);
        Assert.Equal(entry.SiloAddress, Assert.Single(row.Members).Item1.SiloAddress);
    }

    [Fact]
    public async Task Insert_at_a_stale_version_or_of_an_existing_silo_is_refused_and_changes_nothing()
    {
        var start = (await Table.ReadAllAsync(Ct)).Version;
        Assert.True(await Table.InsertRowAsync(Entry(20001), start.Next(), Ct));

        Assert.False(await Table.InsertRowAsync(Entry(20002), start.Next(), Ct));
        var current = (await Table.ReadAllAsync(Ct)).Version;
        Assert.False(await Table.InsertRowAsync(Entry(20001, SiloStatus.Active), current.Next(), Ct));

        var all = await Table.ReadAllAsync(Ct);
        Assert.Equal(1, all.Version.Version);
        Assert.Equal(SiloStatus.Joining, Assert.Single(all.Members).Item1.Status);
    }

    [Fact]
    public async Task Update_at_the_current_version_changes_the_row_and_a_stale_one_is_refused()
    {
        var entry = Entry(20001);
        Assert.True(await Table.InsertRowAsync(entry, (await Table.ReadAllAsync(Ct)).Version.Next(), Ct));
        var read = await Table.ReadAllAsync(Ct);
        var (stored, etag) = read.Members[0];
        var voter = SiloAddress.New(new IPEndPoint(IPAddress.Loopback, 20011), 9);
        stored.Status = SiloStatus.Active;
        stored.AddSuspector(voter, T0.AddSeconds(5));

        Assert.True(await Table.UpdateRowAsync(stored, etag, read.Version.Next(), Ct));
        stored.Status = SiloStatus.Dead;
        Assert.False(await Table.UpdateRowAsync(stored, etag, read.Version.Next(), Ct));

        var after = await Table.ReadAllAsync(Ct);
        Assert.Equal(2, after.Version.Version);
        var (row, _) = Assert.Single(after.Members);
        Assert.Equal(SiloStatus.Active, row.Status);
        var (suspect, time) = Assert.Single(row.SuspectTimes!);
        Assert.Equal(voter, suspect);
        Assert.Equal(T0.AddSeconds(5), time);
    }

    [Fact]
    public async Task Update_of_a_silo_without_a_row_is_refused_and_keeps_the_version()
    {
        var version = (await Table.ReadAllAsync(Ct)).Version;

        Assert.False(await Table.UpdateRowAsync(Entry(20005, SiloStatus.Active), "0", version.Next(), Ct));

        Assert.Equal(0, (await Table.ReadAllAsync(Ct)).Version.Version);
    }

    [Fact]
    public async Task Heartbeats_keep_the_version_and_never_move_back()
    {
        var entry = Entry(20001, SiloStatus.Active);
        Assert.True(await Table.InsertRowAsync(entry, (await Table.ReadAllAsync(Ct)).Version.Next(), Ct));

        entry.IAmAliveTime = T0.AddSeconds(10);
        await Table.UpdateIAmAliveAsync(entry, Ct);
        entry.IAmAliveTime = T0.AddSeconds(3);
        await Table.UpdateIAmAliveAsync(entry, Ct);

        var all = await Table.ReadAllAsync(Ct);
        Assert.Equal(1, all.Version.Version);
        Assert.Equal(T0.AddSeconds(10), Assert.Single(all.Members).Item1.IAmAliveTime);
    }

    [Fact]
    public async Task Clusters_are_kept_apart()
    {
        Assert.True(await Table.InsertRowAsync(Entry(20001), (await Table.ReadAllAsync(Ct)).Version.Next(), Ct));
        await using var other = UnstartedSilo.Create(_schema!.ConnectionString, clusterId: "grid-b");
        await other.MembershipTable.InitializeMembershipTableAsync(true, Ct);

        Assert.Empty((await other.MembershipTable.ReadAllAsync(Ct)).Members);
        await other.MembershipTable.DeleteMembershipTableEntriesAsync("grid-b", Ct);
        Assert.Single((await Table.ReadAllAsync(Ct)).Members);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Cleanup_removes_only_dead_silos_older_than_the_cutoff(bool bulkQueryOnly)
    {
        // Old: started and last alive an hour before the cutoff; recent: after it.
        var cutoff = T0.AddHours(1);
        (int Port, SiloStatus Status, DateTime Start)[] silos =
        [
            (20001, SiloStatus.Dead, T0),
            (20003, SiloStatus.Active, T0),
            (20005, SiloStatus.Dead, cutoff.AddMinutes(1)),
            (20007, SiloStatus.ShuttingDown, T0),
        ];
        foreach (var (port, status, start) in silos)
        {
            Assert.True(await Table.InsertRowAsync(Entry(port, status, start), (await Table.ReadAllAsync(Ct)).Version.Next(), Ct));
        }

        var table = Table;
        await using var bulk = UnstartedSilo.Create(_schema!.ConnectionString, clusterId: "grid-a");
        if (bulkQueryOnly)
        {
            // Without the optional per-row statement 10.4.2 falls back to CleanupDefunctSiloEntriesKey.
            await Sql.ExecuteAsync(_schema.ConnectionString, "DELETE FROM orleansquery WHERE querykey = 'CleanupDefunctSiloEntryKey';", Ct);
            table = bulk.MembershipTable;
            await table.InitializeMembershipTableAsync(true, Ct);
        }

        await table.CleanupDefunctSiloEntriesAsync(new DateTimeOffset(cutoff), Ct);

        Assert.Equal(
            [20003, 20005, 20007],
            (await Table.ReadAllAsync(Ct)).Members.Select(m => m.Item1.SiloAddress.Endpoint.Port).Order());
    }
}
