using Microsoft.Extensions.Logging;
using OrleansLicense.Contracts.Errors;
using OrleansLicense.Grains.Calls;
using OrleansLicense.Grains.Errors;

namespace OrleansLicense.Grains.Security;

/// <summary>
/// Refuses every call to a license grain interface that does not carry the silo call credential: calls through the
/// Orleans gateway from clients are refused with <c>forbidden</c>, calls made by the silos themselves pass. Orleans'
/// own interfaces (system grains, timers, reminders, grain extensions) are not checked. The caller id a client sends
/// (<see cref="IGrainCallContext.SourceId"/>) is never trusted: the gateway does not verify it.
/// </summary>
/// <remarks>The step applies to exactly the calls it refuses; every other call passes by it.</remarks>
internal sealed partial class SiloCallAuthorization(SiloCallCredential credential, ILogger<SiloCallAuthorization> logger) : IIncomingCallStep
{
    public bool AppliesTo(IIncomingGrainCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return SiloCallCredential.Guards(context.InterfaceMethod?.DeclaringType)
            && !credential.Matches(RequestContext.Get(SiloCallCredential.RequestContextKey));
    }

    public Task Invoke(IIncomingGrainCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        LogWarningRefused(logger, context.InterfaceMethod?.DeclaringType?.Name ?? context.InterfaceName, context.MethodName, context.TargetId.ToString());
        throw new LicensingException(ErrorCodes.Forbidden, "Grain calls are open to the license server's own silos only.");
    }

    [LoggerMessage(EventId = 3501, Level = LogLevel.Warning, Message = "Refused a call to {Interface}.{Method} on {Grain} without the silo call credential")]
    private static partial void LogWarningRefused(ILogger logger, string @interface, string method, string grain);
}
