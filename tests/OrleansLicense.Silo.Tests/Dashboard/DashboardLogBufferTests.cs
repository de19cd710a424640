using Serilog.Events;
using Serilog.Parsing;
using OrleansLicense.Silo.Dashboard.Logs;

namespace OrleansLicense.Silo.Tests.Dashboard;

/// <summary>
/// The console's live log page (issue #14) keeps the silo's last entries and renders each only when a page reads it,
/// so a silo nobody watches does not render its login and logout lines twice (#12 CPU per login).
/// </summary>
public sealed class DashboardLogBufferTests
{
    private static readonly MessageTemplate Template = new MessageTemplateParser().Parse("Login of {User}");

    [Fact]
    public void An_entry_is_rendered_on_its_first_read_and_only_once()
    {
        var buffer = new DashboardLogBuffer();
        var user = new CountingName("ann");
        buffer.Add(Event(user, LogEventLevel.Warning, eventId: 2030));
        Assert.Equal(0, user.Rendered);

        var entry = Assert.Single(buffer.Read(0).Entries);
        Assert.Equal(1, user.Rendered);
        Assert.Equal((1L, "Warning", "OrleansLicense.Test", 2030, "Login of ann", (string?)null), (entry.Sequence, entry.Level, entry.Category, entry.EventId, entry.Message, entry.Exception));

        Assert.Same(entry, Assert.Single(buffer.Read(0).Entries));
        Assert.Equal(1, user.Rendered);
    }

    [Fact]
    public void It_keeps_the_newest_entries_and_reads_those_after_a_sequence()
    {
        var buffer = new DashboardLogBuffer();
        var users = Enumerable.Range(1, DashboardLogBuffer.Capacity + 20).Select(i => new CountingName($"u{i}")).ToList();
        foreach (var user in users)
        {
            buffer.Add(Event(user, LogEventLevel.Information, eventId: 0));
        }

        var all = buffer.Read(0).Entries;
        Assert.Equal(DashboardLogBuffer.Capacity, all.Count);
        Assert.Equal((21L, "Login of u21"), (all[0].Sequence, all[0].Message));
        Assert.Equal(["Login of u519", "Login of u520"], buffer.Read(518).Entries.Select(e => e.Message));
        Assert.Empty(buffer.Read(520).Entries);

        // The dropped entries were never rendered.
        Assert.All(users.Take(20), u => Assert.Equal(0, u.Rendered));
    }

    [Fact]
    public void A_read_s_signal_completes_with_the_next_entry_and_not_before()
    {
        var buffer = new DashboardLogBuffer();
        var (_, first) = buffer.Read(0);
        Assert.False(first.IsCompleted);

        buffer.Add(Event(new CountingName("a"), LogEventLevel.Information, eventId: 0));
        Assert.True(first.IsCompleted);

        // Adds with no reader waiting leave the next read's signal open until an entry follows that read.
        buffer.Add(Event(new CountingName("b"), LogEventLevel.Information, eventId: 0));
        var (entries, second) = buffer.Read(1);
        Assert.Equal(["Login of b"], entries.Select(e => e.Message));
        Assert.False(second.IsCompleted);
        Assert.Same(second, buffer.Read(2).Appended);

        buffer.Add(Event(new CountingName("c"), LogEventLevel.Information, eventId: 0));
        Assert.True(second.IsCompleted);
    }

    private static LogEvent Event(CountingName user, LogEventLevel level, int eventId)
        => new(
            DateTimeOffset.UnixEpoch,
            level,
            exception: null,
            Template,
            [
                new LogEventProperty("User", new ScalarValue(user)),
                new LogEventProperty("SourceContext", new ScalarValue("OrleansLicense.Test")),
                new LogEventProperty("EventId", new StructureValue([new LogEventProperty("Id", new ScalarValue(eventId))])),
            ]);

    // A property value that counts how often the message was rendered with it.
    private sealed class CountingName(string name)
    {
        public int Rendered { get; private set; }

        public override string ToString()
        {
            Rendered++;
            return name;
        }
    }
}
