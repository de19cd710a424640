using OrleansLicense.Runtime.Timers;

namespace OrleansLicense.Runtime.Activation;

/// <summary>A timer tick run as a turn of the activation.</summary>
internal sealed class TimerWorkItem(GrainTimer timer) : WorkItem
{
    public override bool Interleave => timer.Options.Interleave;

    public override bool CountsAsActivity => false;

    public override Task ExecuteAsync(ActivationData activation) => timer.TickAsync();

    public override void Reject(Exception reason) => timer.TickRejected();
}
