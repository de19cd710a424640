using Microsoft.Data.Sqlite;
using OrleansLicense.Runtime.Activation;

namespace OrleansLicense.Runtime.Sqlite;

/// <summary>
/// Group commit at the storage level: writes that arrive while another is committing wait, then
/// all of them run in ONE immediate transaction — each inside its own SAVEPOINT, so a write that
/// fails (a lost compare-and-swap) is rolled back alone — and one COMMIT (one fsync) makes them
/// all durable before any caller is answered. SQLite has one writer and synchronous=FULL costs an
/// fsync per commit, so this is what lets many grains write their state at once.
/// </summary>
internal sealed class SqliteWriteCoalescer(SqliteDatabase database)
{
    // Bounded so one commit never holds the write lock for long.
    private const int MaxBatch = 512;

    private readonly Lock _lock = new();
    private readonly List<IPendingWrite> _pending = [];
    private bool _flushing;

    /// <summary>Queues a write step; it must not commit. Completes after the batch holding it committed.</summary>
    /// <param name="step">The write.</param>
    /// <param name="cancellationToken">Cancels before the write is queued.</param>
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

                var take = Math.Min(_pending.Count, MaxBatch);
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
                                // Two statements fewer per write on the path every login takes.
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
                AnswerLater(batch, ex);
                continue;
            }

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
        public bool SingleStatement => singleStatement;

        // Made on the caller's thread: a grain turn is answered from the flush at once (it resumes on its
        // own scheduler anyway); anyone else on the thread pool, never inside the flush loop.
        private readonly TaskCompletionSource<T> _completion = new(TurnAnswers.ForCurrentCaller());
        private T? _result;
        private Exception? _error;

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
                // A business outcome of this write alone (e.g. a lost compare-and-swap). Disk or lock
                // errors (BUSY, LOCKED, IOERR, FULL) propagate and fail the whole batch.
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
