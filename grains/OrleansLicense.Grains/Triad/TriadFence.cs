using OrleansLicense.Contracts.Errors;
using OrleansLicense.Grains.Calls;
using OrleansLicense.Grains.Errors;

namespace OrleansLicense.Grains.Triad;

/// <summary>
/// The triad's fence (R-TRI-1, R-TRI-2), a call step: while the grid is a triad, a call to a license grain (seat pool, session,
/// license, borrow) or to the Orleans client's gateway grain runs only on a silo that sees a quorum. Without one it is
/// refused with <c>no_quorum</c>, naming the other servers, even when the grain is still in this silo's memory, so a cut-off
/// silo never grants a seat. A license grain that a silo with a quorum still hosts without being the active one answers
/// this call and then deactivates, so its next call activates it on the active silo. Without a triad it does nothing.
/// </summary>
internal sealed class TriadFence(TriadSiloView view) : IIncomingCallStep
{
    public bool AppliesTo(IIncomingGrainCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return view.Current.HasTriad && IsFenced(context, out _);
    }

    public async Task Invoke(IIncomingGrainCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);

        // Decided again on the snapshot this call keeps: the triad may have changed since AppliesTo.
        var snapshot = view.Current;
        if (!snapshot.HasTriad || !IsFenced(context, out var licenseGrain))
        {
            await context.Invoke().ConfigureAwait(false);
            return;
        }

        if (!snapshot.Decision.Quorum)
        {
            // Refused here; deactivated so that, once a silo with a quorum calls, placement activates it on the active silo.
            if (licenseGrain)
            {
                context.TargetContext.Deactivate(new DeactivationReason(DeactivationReasonCode.ApplicationRequested, "This silo has no quorum: the triad's active silo hosts the license grains."));
            }

            throw NoQuorum(snapshot);
        }

        try
        {
            await context.Invoke().ConfigureAwait(false);
        }
        finally
        {
            if (licenseGrain && !snapshot.SelfIsActive)
            {
                context.TargetContext.Deactivate(new DeactivationReason(DeactivationReasonCode.ApplicationRequested, "The triad's active silo hosts the license grains."));
            }
        }
    }

    /// <summary>The refusal of a silo without a quorum: which servers it sees, and how.</summary>
    public static LicensingException NoQuorum(TriadSnapshot snapshot) => new(ErrorCodes.NoQuorum, snapshot.DescribeRefusal());

    private static bool IsFenced(IIncomingGrainCallContext context, out bool licenseGrain)
    {
        licenseGrain = false;

        // Orleans' own interfaces on these grains (extensions, the hand-back's deactivation) are never fenced.
        if (context.InterfaceMethod?.DeclaringType?.Assembly != typeof(ITriadGrain).Assembly)
        {
            return false;
        }

        var type = context.TargetId.Type;
        licenseGrain = TriadGrainTypes.IsLicenseGrain(type);
        return licenseGrain || string.Equals(type.ToString(), TriadGrainTypes.ClientGateway, StringComparison.Ordinal);
    }
}
