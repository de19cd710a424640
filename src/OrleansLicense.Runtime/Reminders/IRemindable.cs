using OrleansLicense.Runtime.Grains;

namespace OrleansLicense.Runtime.Reminders;

/// <summary>A tick of a durable reminder.</summary>
/// <param name="DueAt">When the tick was due.</param>
/// <param name="Period">The reminder's period.</param>
public sealed record ReminderTick(DateTimeOffset DueAt, TimeSpan Period);

/// <summary>A grain that receives durable reminders (they fire even after a restart).</summary>
public interface IRemindable : IGrain
{
    /// <summary>Delivers a reminder tick.</summary>
    Task ReceiveReminderAsync(string reminderName, ReminderTick tick, CancellationToken cancellationToken);
}
