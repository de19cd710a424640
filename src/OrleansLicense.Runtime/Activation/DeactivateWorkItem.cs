using OrleansLicense.Runtime.Grains;

namespace OrleansLicense.Runtime.Activation;

/// <summary>Stops timers and runs OnDeactivateAsync, alone, after the work queued before it.</summary>
internal sealed class DeactivateWorkItem(DeactivationReason reason) : WorkItem
{
    public override bool Exclusive => true;

    public override Task ExecuteAsync(ActivationData activation) => activation.DeactivateAsync(reason);

    public override void Reject(Exception reason)
    {
        // The activation is already gone: nothing left to deactivate.
    }
}
