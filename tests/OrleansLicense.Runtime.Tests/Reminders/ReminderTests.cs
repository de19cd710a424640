using OrleansLicense.Runtime.Tests.Grains;
using OrleansLicense.Runtime.Tests.Support;
using OrleansLicense.Testing;

namespace OrleansLicense.Runtime.Tests.Reminders;

/// <summary>Durable reminders fire on the clock, survive a restart on the same file, and can be removed.</summary>
public sealed class ReminderTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private readonly ManualClock _clock = new();
    private TestSilo _silo = null!;

    public async ValueTask InitializeAsync() => _silo = await TestSilo.StartAsync(_dir.File("silo.db"), _clock);

    public async ValueTask DisposeAsync()
    {
        await _silo.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task A_reminder_fires_at_its_due_time_then_every_period()
    {
        var grain = _silo.Grains.GetGrain<ILifecycleGrain>("r1");
        await grain.StartReminder(TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(5));

        _clock.Advance(TimeSpan.FromMinutes(9));
        Assert.Equal(0, _silo.Probe.Count("r1:reminder"));
        _clock.Advance(TimeSpan.FromMinutes(1));
        await _silo.Probe.WhenSignalled("r1:reminder:1");
        await WaitForDue("r1", _clock.GetUtcNow().AddMinutes(5));
        _clock.Advance(TimeSpan.FromMinutes(5));
        await _silo.Probe.WhenSignalled("r1:reminder:2");
    }

    [Fact]
    public async Task A_reminder_due_while_the_silo_was_down_fires_after_a_restart_on_the_same_file()
    {
        var probe = new Probe();
        await _silo.DisposeAsync();
        _silo = await TestSilo.StartAsync(_dir.File("silo.db"), _clock, probe: probe);
        await _silo.Grains.GetGrain<ILifecycleGrain>("r2").StartReminder(TimeSpan.FromHours(1), TimeSpan.FromHours(24));
        await _silo.DisposeAsync();

        _clock.Advance(TimeSpan.FromHours(2));
        _silo = await TestSilo.StartAsync(_dir.File("silo.db"), _clock, probe: probe);

        await probe.WhenSignalled("r2:reminder:1");
        // Activated once by the first silo to register, once by the restarted silo to deliver.
        Assert.Equal(2, probe.Count("r2:activated"));
        Assert.Equal(1, probe.Count("r2:reminder"));
    }

    [Fact]
    public async Task An_unregistered_reminder_does_not_fire_and_is_gone_after_a_restart()
    {
        var grain = _silo.Grains.GetGrain<ILifecycleGrain>("r3");
        await grain.StartReminder(TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
        await grain.StopReminder();

        _clock.Advance(TimeSpan.FromMinutes(3));
        await _silo.DisposeAsync();
        _silo = await TestSilo.StartAsync(_dir.File("silo.db"), _clock);

        Assert.Equal(0, _silo.Services.GetService(typeof(OrleansLicense.Runtime.Reminders.ReminderService)) is OrleansLicense.Runtime.Reminders.ReminderService r ? r.ScheduledCount : -1);
        Assert.Equal(0, _silo.Probe.Count("r3:reminder"));
    }

    private async Task WaitForDue(string key, DateTimeOffset due)
    {
        // After a tick the service re-arms the reminder once delivery returns; wait for that, bounded.
        var reminders = (OrleansLicense.Runtime.Reminders.ReminderService)_silo.Services.GetService(typeof(OrleansLicense.Runtime.Reminders.ReminderService))!;
        for (var i = 0; i < 1000 && !reminders.Scheduled().Any(r => r.GrainId.Key == key && r.DueAt == due); i++)
        {
            await Task.Delay(1, TestContext.Current.CancellationToken);
        }

        Assert.Contains(reminders.Scheduled(), r => r.GrainId.Key == key && r.DueAt == due);
    }
}
