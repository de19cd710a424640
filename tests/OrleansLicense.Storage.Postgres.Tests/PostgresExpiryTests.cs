using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans;
using Orleans.Runtime;
using Orleans.Storage;
using OrleansLicense.Storage.Conformance;
using OrleansLicense.Storage.Expiry;
using OrleansLicense.Testing;

namespace OrleansLicense.Storage.Postgres.Tests;

/// <summary>#12 storage growth: forgetafter is written from the payload, and the sweep deletes only rows past it.</summary>
public sealed class PostgresExpiryTests(PostgresFixture postgres) : MigratedGrainStorage(postgres)
{
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));

    private PostgresExpiredStateSweeper Sweeper() => new(
        Silo.Services.GetRequiredKeyedService<NpgsqlDataSource>(PostgresLicenseStorageExtensions.DataSourceKey),
        Options.Create(new PostgresStorageOptions { ConnectionString = ConnectionString }),
        _clock,
        NullLogger<PostgresExpiredStateSweeper>.Instance);

    private async Task<GrainState<ExpiringConformanceState>> WriteAsync(string key, DateTimeOffset? forgetAfter)
    {
        var state = new GrainState<ExpiringConformanceState>(new ExpiringConformanceState { Name = key, ForgetAfter = forgetAfter });
        await Storage.WriteStateAsync("session", GrainId.Create("session", key), state, Ct);
        return state;
    }

    private async Task<List<string?>> StoredAsync() =>
        await Sql.ColumnAsync(ConnectionString, "SELECT grainidextensionstring || '|' || COALESCE(to_char(forgetafter AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.MS'), '') FROM orleansstorage ORDER BY 1;", Ct);

    [Fact]
    public void Issue12_every_silo_runs_the_sweep()
    {
        Assert.Single(Silo.Services.GetServices<IHostedService>().OfType<PostgresExpiredStateSweeper>());
    }

    [Fact]
    public async Task Issue12_forgetafter_is_written_from_the_payload_on_insert_and_update_and_null_without_it()
    {
        var at = new DateTimeOffset(2026, 3, 1, 13, 0, 0, 123, TimeSpan.FromHours(2));

        var state = await WriteAsync("ending", at);
        await WriteAsync("live", null);
        await Storage.WriteStateAsync("session", GrainId.Create("session", "plain"), new GrainState<ConformanceState>(new ConformanceState { Name = "ForgetAfter" }), Ct);

        Assert.Equal(["ending|2026-03-01 11:00:00.123", "live|", "plain|"], await StoredAsync());

        state.State!.ForgetAfter = null;
        await Storage.WriteStateAsync("session", GrainId.Create("session", "ending"), state, Ct);
        Assert.Equal(["ending|", "live|", "plain|"], await StoredAsync());

        state.State.ForgetAfter = at.AddHours(1);
        await Storage.WriteStateAsync("session", GrainId.Create("session", "ending"), state, Ct);
        Assert.Equal(["ending|2026-03-01 12:00:00.123", "live|", "plain|"], await StoredAsync());
    }

    [Fact]
    public async Task Issue12_the_sweep_deletes_past_rows_keeps_future_ones_and_never_touches_rows_without_an_expiry()
    {
        var now = _clock.GetUtcNow();
        await WriteAsync("past", now.AddMilliseconds(-1));
        await WriteAsync("due-now", now);
        await WriteAsync("future", now.AddMinutes(1));
        await WriteAsync("live", null);
        await Storage.WriteStateAsync("session", GrainId.Create("session", "plain"), new GrainState<ConformanceState>(new ConformanceState { Name = "plain" }), Ct);

        Assert.Equal(2, await Sweeper().SweepOnceAsync(Ct));
        Assert.Equal(["future|2026-03-01 12:01:00.000", "live|", "plain|"], await StoredAsync());

        // A deleted row reads as a state never stored, and a write with its old ETag loses (as after a clear).
        var gone = new GrainState<ExpiringConformanceState>();
        await Storage.ReadStateAsync("session", GrainId.Create("session", "past"), gone, Ct);
        Assert.False(gone.RecordExists);
        Assert.Null(gone.ETag);
        var stale = new GrainState<ExpiringConformanceState>(new ExpiringConformanceState { Name = "stale" }, "1");
        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync("session", GrainId.Create("session", "past"), stale, Ct));

        _clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await Sweeper().SweepOnceAsync(Ct));
        Assert.Equal(["live|", "plain|"], await StoredAsync());
    }

    [Fact]
    public async Task Issue12_concurrent_sweeps_of_several_silos_delete_every_expired_row_once_in_chunks()
    {
        var count = (ExpiredStateSweeper.ChunkSize * 3) + 5;
        await Sql.ExecuteAsync(ConnectionString, $$"""
            INSERT INTO orleansstorage (grainidhash, graintypehash, serviceid, grainidn0, grainidn1, graintypestring, grainidextensionstring, payloadbinary, forgetafter, version)
            SELECT i, 1, 'svc', 0, 0, 'session', 's' || i, convert_to('{}', 'UTF8'), timestamptz '2026-03-01 11:00:00Z', 1
            FROM generate_series(1, {{count}}) AS i;
            """, Ct);
        await WriteAsync("live", null);

        var deleted = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => Sweeper().SweepOnceAsync(Ct), Ct)));

        Assert.Equal(count, deleted.Sum());
        Assert.Equal(["live|"], await StoredAsync());
    }
}
