using OrleansLicense.Runtime.Tests.Grains;
using OrleansLicense.Runtime.Tests.Support;
using OrleansLicense.Testing;

namespace OrleansLicense.Runtime.Tests.Reminders;

/// <summary>Durable reminders fire on the clock, survive a restart on the same file, and can be removed.</summary>
public sealed class ReminderTests : SingleSiloTests
{
    private readonly ManualClock _clock = new();

    protected override TimeProvider Clock => _clock;

    [Fact]
    public async Task A_reminder_fires_at_its_due_time_then_every_period()
    {
        var grain = Silo.Grains.GetGrain<ILifecycleGrain>("r1");
        await grain.StartReminder(TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(5));

        _clock.Advance(TimeSpan.FromMinutes(9));
        Assert.Equal(0, Silo.Probe.Count("r1:reminder"));
        _clock.Advance(TimeSpan.FromMinutes(1));
        await Silo.Probe.WhenSignalled("r1:reminder:1");
        await WaitForDue("r1", _clock.GetUtcNow().AddMinutes(5));
        _clock.Advance(TimeSpan.FromMinutes(5));
        await Silo.Probe.WhenSignalled("r1:reminder:2");
    }

    [Fact]
    public async Task A_reminder_due_while_the_silo_was_down_fires_after_a_restart_on_the_same_file()
    {
        var probe = new Probe();
        await RestartAsync(probe);
        await Silo.Grains.GetGrain<ILifecycleGrain>("r2").StartReminder(TimeSpan.FromHours(1), TimeSpan.FromHours(24));
        await StopAsync();

        _clock.Advance(TimeSpan.FromHours(2));
        await StartAsync(probe);

        await probe.WhenSignalled("r2:reminder:1");
        // Activated once by the first silo to register, once by the restarted silo to deliver.
        Assert.Equal(2, probe.Count("r2:activated"));
        Assert.Equal(1, probe.Count("r2:reminder"));
    }

    [Fact]
    public async Task An_unregistered_reminder_does_not_fire_and_is_gone_after_a_restart()
    {
        var grain = Silo.Grains.GetGrain<ILifecycleGrain>("r3");
        await grain.StartReminder(TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
        await grain.StopReminder();

        _clock.Advance(TimeSpan.FromMinutes(3));
        await RestartAsync();

        Assert.Equal(0, Silo.Services.GetService(typeof(OrleansLicense.Runtime.Reminders.ReminderService)) is OrleansLicense.Runtime.Reminders.ReminderService r ? r.ScheduledCount : -1);
        Assert.Equal(0, Silo.Probe.Count("r3:reminder"));
    }

    private async Task WaitForDue(string key, DateTimeOffset due)
    {
        // After a tick the service re-arms the reminder once delivery returns; wait for that, bounded.
        var reminders = (OrleansLicense.Runtime.Reminders.ReminderService)Silo.Services.GetService(typeof(OrleansLicense.Runtime.Reminders.ReminderService))!;
        for (var i = 0; i < 1000 && !reminders.Scheduled().Any(r => r.GrainId.Key == key && r.DueAt == due); i++)
        {
            await Task.Delay(1, TestContext.Current.CancellationToken);
        }

        Assert.Contains(reminders.Scheduled(), r => r.GrainId.Key == key && r.DueAt == due);
    }
}
