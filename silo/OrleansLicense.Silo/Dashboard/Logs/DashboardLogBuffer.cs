namespace OrleansLicense.Silo.Dashboard.Logs;

/// <summary>
/// The last <see cref="Capacity"/> log entries of this silo, in memory, for the dashboard's live
/// log page. Readers ask for the entries after a sequence number and get a task that completes
/// when the next entry arrives, so a stream never polls and never misses an entry in between.
/// </summary>
internal sealed class DashboardLogBuffer
{
    /// <summary>Entries kept.</summary>
    public const int Capacity = 500;

    private readonly DashboardLogEntry[] _items = new DashboardLogEntry[Capacity];

    /// <summary>
    /// Names this buffer, so a page that reconnects after the silo restarted (numbering from 1
    /// again) is not taken to be ahead of it.
    /// </summary>
    public string Instance { get; } = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray().AsSpan(0, 4));

    private readonly Lock _lock = new();
    private long _nextSequence = 1;
    private TaskCompletionSource _appended = NewSignal();

    /// <summary>Adds an entry, numbering it, and wakes the readers.</summary>
    public void Add(DateTimeOffset timestamp, LogLevel level, string category, int eventId, string message, string? exception)
    {
        TaskCompletionSource appended;
        lock (_lock)
        {
            var entry = new DashboardLogEntry(_nextSequence, timestamp, level.ToString(), category, eventId, message, exception);
            _items[(_nextSequence - 1) % Capacity] = entry;
            _nextSequence++;
            appended = _appended;
            _appended = NewSignal();
        }

        // Outside the lock: continuations run asynchronously anyway, but the writer must never wait on readers.
        appended.TrySetResult();
    }

    /// <summary>
    /// The entries after <paramref name="afterSequence"/> still held (oldest first), and a task that
    /// completes once an entry is added after this read.
    /// </summary>
    public (IReadOnlyList<DashboardLogEntry> Entries, Task Appended) Read(long afterSequence)
    {
        lock (_lock)
        {
            var first = Math.Max(Math.Max(afterSequence, 0) + 1, _nextSequence - Capacity);
            var count = (int)Math.Max(0, _nextSequence - first);
            var entries = new DashboardLogEntry[count];
            for (var i = 0; i < count; i++)
            {
                entries[i] = _items[(first + i - 1) % Capacity];
            }

            return (entries, _appended.Task);
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
