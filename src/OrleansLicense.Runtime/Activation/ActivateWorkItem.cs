namespace OrleansLicense.Runtime.Activation;

/// <summary>Creates the instance, loads its state and runs OnActivateAsync, alone.</summary>
internal sealed class ActivateWorkItem : WorkItem
{
    public override bool Exclusive => true;

    public override Task ExecuteAsync(ActivationData activation) => activation.ActivateAsync();

    public override void Reject(Exception reason)
    {
        // Never queued: it starts the activation.
    }
}
