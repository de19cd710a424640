using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace OrleansLicense.Storage.Sqlite.Database;

/// <summary>
/// Group commit: writes of any grains that arrive while another batch is committing wait, then all
/// of them run in ONE immediate transaction — each inside its own SAVEPOINT unless it is a single
/// statement, so a write that fails (a lost compare-and-swap) is undone alone — and one COMMIT (one
/// fsync at synchronous FULL) makes them all durable before any caller is answered. SQLite has one
/// writer and FULL costs an fsync per commit, so this is what lets many grains write at once.
/// </summary>
internal sealed class SqliteWriteCoalescer(SqliteDatabase database, int maxWritesPerCommit, ILogger logger)
{
    private readonly Lock _lock = new();
    private readonly List<IPendingWrite> _pending = [];
    private bool _flushing;
    private long _commits;
    private long _writes;

    /// <summary>How many batches were committed (for tests and measurements).</summary>
    public long Commits => Interlocked.Read(ref _commits);

    /// <summary>How many writes those batches held.</summary>
    public long Writes => Interlocked.Read(ref _writes);

    /// <summary>Queues a write step; it must not commit. Completes after the batch holding it committed.</summary>
    /// <param name="step">The write. Throwing fails this write alone (its changes are undone) unless the error is the disk's.</param>
    /// <param name="cancellationToken">Cancels before the write is queued; a queued write is not abandoned.</param>
    /// <param name="singleStatement">
    /// The step changes the database with at most one statement, and fails only before or by that
    /// statement: SQLite undoes a failed statement by itself, so the step needs no savepoint of its own.
    /// </param>
    public Task<T> WriteAsync<T>(Func<SqliteTransaction, CancellationToken, Task<T>> step, CancellationToken cancellationToken, bool singleStatement = false)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var pending = new PendingWrite<T>(step, singleStatement);
        lock (_lock)
        {
            _pending.Add(pending);
            if (_flushing)
            {
                return pending.Task;
            }

            _flushing = true;
        }

        _ = Task.Run(FlushLoopAsync, CancellationToken.None);
        return pending.Task;
    }

    private async Task FlushLoopAsync()
    {
        // Let the work queued behind this loop run first: it often ends in more writes, and each one
        // that joins the first commit saves an fsync. Later batches need no such wait: the writes
        // that arrived during a commit are the next batch, and the writer is the one serial
        // resource here, so it goes straight on.
        await Task.Yield();
        while (true)
        {
            List<IPendingWrite> batch;
            lock (_lock)
            {
                if (_pending.Count == 0)
                {
                    _flushing = false;
                    return;
                }

                var take = Math.Min(_pending.Count, maxWritesPerCommit);
                batch = _pending.GetRange(0, take);
                _pending.RemoveRange(0, take);
            }

            try
            {
                await database.WriteAsync(
                    async (transaction, ct) =>
                    {
                        // One savepoint name serves every write: each is released before the next.
                        for (var i = 0; i < batch.Count; i++)
                        {
                            if (batch[i].SingleStatement)
                            {
                                await batch[i].RunAsync(transaction, ct).ConfigureAwait(false);
                                continue;
                            }

                            await database.Prepared(transaction, "SAVEPOINT w;").ExecuteNonQueryAsync(ct).ConfigureAwait(false);
                            if (!await batch[i].RunAsync(transaction, ct).ConfigureAwait(false))
                            {
                                await database.Prepared(transaction, "ROLLBACK TO w;").ExecuteNonQueryAsync(ct).ConfigureAwait(false);
                            }

                            await database.Prepared(transaction, "RELEASE w;").ExecuteNonQueryAsync(ct).ConfigureAwait(false);
                        }

                        // Not cancellable: once the rows are written the commit must not be abandoned.
                        transaction.Commit();
                        return true;
                    },
                    CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                if (ex is not ObjectDisposedException)
                {
                    SqliteLog.LogErrorCommitFailed(logger, ex, batch.Count);
                }

                AnswerLater(batch, ex);
                continue;
            }

            Interlocked.Increment(ref _commits);
            Interlocked.Add(ref _writes, batch.Count);
            AnswerLater(batch, null);
        }
    }

    // Answered from the thread pool, one work item per batch, while the writer goes on with the next.
    private static void AnswerLater(List<IPendingWrite> batch, Exception? error)
        => ThreadPool.UnsafeQueueUserWorkItem(
            static answer =>
            {
                foreach (var write in answer.Batch)
                {
                    if (answer.Error is null)
                    {
                        write.Complete();
                    }
                    else
                    {
                        write.Fail(answer.Error);
                    }
                }
            },
            (Batch: batch, Error: error),
            preferLocal: false);

    private interface IPendingWrite
    {
        /// <summary>Runs without a savepoint (see <see cref="WriteAsync{T}"/>).</summary>
        bool SingleStatement { get; }

        /// <summary>Runs the step; false when it failed (its savepoint is rolled back and its error kept).</summary>
        Task<bool> RunAsync(SqliteTransaction transaction, CancellationToken cancellationToken);

        void Complete();

        void Fail(Exception error);
    }

    private sealed class PendingWrite<T>(Func<SqliteTransaction, CancellationToken, Task<T>> step, bool singleStatement) : IPendingWrite
    {
        // Made on the caller's thread. A caller inside a grain turn (an Orleans task scheduler) resumes
        // on its own activation's scheduler whatever thread completes this, so it is answered at once;
        // anyone else is resumed on the thread pool, never inside the answering work item.
        private readonly TaskCompletionSource<T> _completion = new(
            TaskScheduler.Current == TaskScheduler.Default ? TaskCreationOptions.RunContinuationsAsynchronously : TaskCreationOptions.None);

        private T? _result;
        private Exception? _error;

        public bool SingleStatement => singleStatement;

        public Task<T> Task => _completion.Task;

        public async Task<bool> RunAsync(SqliteTransaction transaction, CancellationToken cancellationToken)
        {
            try
            {
                _result = await step(transaction, cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (Exception ex) when (ex is not SqliteException { SqliteErrorCode: 5 or 6 or 10 or 13 })
            {
                // An outcome of this write alone (e.g. a lost compare-and-swap). Disk or lock errors
                // (BUSY, LOCKED, IOERR, FULL) propagate and fail the whole batch.
                _error = ex;
                return false;
            }
        }

        public void Complete()
        {
            if (_error is not null)
            {
                _completion.TrySetException(_error);
            }
            else
            {
                _completion.TrySetResult(_result!);
            }
        }

        public void Fail(Exception error) => _completion.TrySetException(error);
    }
}
