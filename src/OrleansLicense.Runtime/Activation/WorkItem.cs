namespace OrleansLicense.Runtime.Activation;

/// <summary>A unit of work for an activation: a call, a timer tick, activation or deactivation.</summary>
internal abstract class WorkItem
{
    /// <summary>May run beside other read-only items.</summary>
    public virtual bool ReadOnly => false;

    /// <summary>May run beside anything but an exclusive item.</summary>
    public virtual bool Interleave => false;

    /// <summary>Runs alone: activation and deactivation.</summary>
    public virtual bool Exclusive => false;

    /// <summary>Counts as use for idle collection (timer ticks do not).</summary>
    public virtual bool CountsAsActivity => true;

    /// <summary>Runs on the activation's scheduler; reports its own outcome.</summary>
    public abstract Task ExecuteAsync(ActivationData activation);

    /// <summary>The activation went away before this item ran.</summary>
    public abstract void Reject(Exception reason);
}
