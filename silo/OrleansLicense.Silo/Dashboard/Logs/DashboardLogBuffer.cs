using Serilog.Events;

namespace OrleansLicense.Silo.Dashboard.Logs;

/// <summary>
/// The last <see cref="Capacity"/> log entries of this silo, in memory, for the dashboard's live
/// log page. Readers ask for the entries after a sequence number and get a task that completes
/// when the next entry arrives, so a stream never polls and never misses an entry in between.
/// </summary>
/// <remarks>
/// It keeps Serilog's events and renders each only when a page first reads it: the silo logs every login and logout,
/// and rendering them for a page nobody has open cost every request (#12 CPU per login).
/// </remarks>
internal sealed class DashboardLogBuffer
{
    /// <summary>Entries kept.</summary>
    public const int Capacity = 500;

    private readonly Slot?[] _items = new Slot?[Capacity];
    private readonly Lock _lock = new();
    private long _nextSequence = 1;
    private TaskCompletionSource _appended = NewSignal();

    // Whether a reader holds the current signal: an add only replaces a signal someone may wait on.
    private bool _signalHandedOut;

    /// <summary>
    /// Names this buffer, so a page that reconnects after the silo restarted (numbering from 1
    /// again) is not taken to be ahead of it.
    /// </summary>
    public string Instance { get; } = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray().AsSpan(0, 4));

    /// <summary>Adds an entry, numbering it, and wakes the readers.</summary>
    public void Add(LogEvent logEvent)
    {
        ArgumentNullException.ThrowIfNull(logEvent);
        TaskCompletionSource? appended = null;
        lock (_lock)
        {
            _items[(_nextSequence - 1) % Capacity] = new Slot(_nextSequence, logEvent);
            _nextSequence++;
            if (_signalHandedOut)
            {
                appended = _appended;
                _appended = NewSignal();
                _signalHandedOut = false;
            }
        }

        // Outside the lock: continuations run asynchronously anyway, but the writer must never wait on readers.
        appended?.TrySetResult();
    }

    /// <summary>
    /// The entries after <paramref name="afterSequence"/> still held (oldest first), and a task that
    /// completes once an entry is added after this read.
    /// </summary>
    public (IReadOnlyList<DashboardLogEntry> Entries, Task Appended) Read(long afterSequence)
    {
        Slot[] slots;
        Task appended;
        lock (_lock)
        {
            var first = Math.Max(Math.Max(afterSequence, 0) + 1, _nextSequence - Capacity);
            var count = (int)Math.Max(0, _nextSequence - first);
            slots = new Slot[count];
            for (var i = 0; i < count; i++)
            {
                slots[i] = _items[(first + i - 1) % Capacity]!;
            }

            _signalHandedOut = true;
            appended = _appended.Task;
        }

        // Rendered outside the lock, so a page opening on a full buffer never holds up the silo's logging.
        var entries = new DashboardLogEntry[slots.Length];
        for (var i = 0; i < slots.Length; i++)
        {
            entries[i] = slots[i].Entry;
        }

        return (entries, appended);
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    // One kept event, rendered on its first read. Two readers racing may both render it: same text, either kept.
    private sealed class Slot(long sequence, LogEvent logEvent)
    {
        private DashboardLogEntry? _entry;

        public DashboardLogEntry Entry => _entry ??= DashboardLogEntry.From(sequence, logEvent);
    }
}
