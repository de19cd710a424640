namespace OrleansLicense.Grains.Security;

/// <summary>
/// Puts the silo call credential into the <see cref="RequestContext"/> of every call this silo makes to a license
/// grain (from grains, and from the silo's own HTTP API), and takes it out of every other call, so that it never
/// travels to a client (an observer) or anywhere else outside the silos.
/// </summary>
/// <remarks>
/// Async on purpose: a change of <see cref="RequestContext"/> made inside an async method stays within it, so the
/// caller's own context (which may have arrived with a call and carry the secret) is left as it was.
/// </remarks>
internal sealed class SiloCallCredentialFilter(SiloCallCredential credential) : IOutgoingGrainCallFilter
{
    public async Task Invoke(IOutgoingGrainCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (SiloCallCredential.Guards(context.InterfaceMethod?.DeclaringType) && !context.TargetId.IsClient())
        {
            RequestContext.Set(SiloCallCredential.RequestContextKey, credential.Secret);
        }
        else
        {
            RequestContext.Remove(SiloCallCredential.RequestContextKey);
        }

        await context.Invoke();
    }
}
