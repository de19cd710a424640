using Npgsql;
using OrleansLicense.Benchmarks.Load;

namespace OrleansLicense.Benchmarks.Postgres;

/// <summary>
/// The naive baseline: the seat pool as one row, every grant and every release its own transaction
/// (UPDATE seats SET used = used ± 1 …, autocommit, fsync on). All clients queue on that row's lock
/// and each pays a WAL flush: what a license server without group commit does.
/// </summary>
internal sealed class NaiveSeatTable(NpgsqlDataSource database)
{
    private const string Grant = "UPDATE seats SET used = used + 1 WHERE feature = 'draw' AND used < total";
    private const string Release = "UPDATE seats SET used = used - 1 WHERE feature = 'draw' AND used > 0";

    public async Task CreateAsync(int seats, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(
            $"DROP TABLE IF EXISTS seats; CREATE TABLE seats (feature text PRIMARY KEY, total int NOT NULL, used int NOT NULL); INSERT INTO seats VALUES ('draw', {seats}, 0);");
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<int> UsedAsync(CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("SELECT used FROM seats WHERE feature = 'draw'");
        return (int)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    /// <summary>Grant, then release: two durable transactions per cycle, recorded as login and logout.</summary>
    public Func<WorkerRecorder, CancellationToken, Task<bool>> GrantRelease()
        => async (worker, cancellationToken) =>
        {
            var started = await worker.StartAsync(cancellationToken).ConfigureAwait(false);
            var (granted, error) = await ExecuteAsync(Grant, cancellationToken).ConfigureAwait(false);
            worker.Finish(OpKind.Login, started, error is not null ? OpOutcome.Error : granted ? OpOutcome.Ok : OpOutcome.Refused, error);
            if (!granted)
            {
                return true;
            }

            started = await worker.StartAsync(cancellationToken).ConfigureAwait(false);
            (_, error) = await ExecuteAsync(Release, CancellationToken.None).ConfigureAwait(false);
            worker.Finish(OpKind.Logout, started, error is null ? OpOutcome.Ok : OpOutcome.Error, error);
            return true;
        };

    private async Task<(bool Changed, string? Error)> ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        try
        {
            await using var command = database.CreateCommand(sql);
            return (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1, null);
        }
        catch (NpgsqlException ex)
        {
            return (false, ex.GetType().Name);
        }
    }
}
