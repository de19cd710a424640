using Microsoft.Extensions.Logging;
using OrleansLicense.Runtime.Activation;
using OrleansLicense.Runtime.Directory;
using OrleansLicense.Runtime.Grains;
using OrleansLicense.Runtime.Membership;
using OrleansLicense.Runtime.Messaging;
using OrleansLicense.Runtime.Messaging.Remote;
using OrleansLicense.Runtime.Placement;

namespace OrleansLicense.Runtime.Cluster;

/// <summary>
/// How a call reaches its grain in a grid: find where the grain lives (cache, then the
/// directory), or place it by rendezvous hash over the Active silos; run it here or send it to
/// that silo. A "not here" answer is followed at most twice; a silo that does not answer is
/// retried (re-placing once the cluster declares it dead) until the call's deadline, which is
/// how callers ride through a silo failure.
/// </summary>
internal sealed partial class ClusterRouter(
    Catalog catalog,
    ClusterView view,
    IGrainDirectoryStore directory,
    GrainLocationCache cache,
    SiloTransport transport,
    CallCodec codec,
    RuntimeOptionsSnapshot options,
    ILogger<ClusterRouter> logger) : IGrainCallInvoker
{
    private const int MaxRedirects = 2;
    private static readonly TimeSpan UnavailableBackoff = TimeSpan.FromMilliseconds(200);

    public Task<object?> InvokeAsync(GrainCall call, CancellationToken cancellationToken)
        => RouteAsync(call, CallChainDeadline.ForNewCall(options.Value.ResponseTimeout), 0, cancellationToken);

    /// <summary>A call from another silo: run it here, or answer where the grain lives.</summary>
    public async Task<WireResponse> InvokeIncomingAsync(WireRequest request, CancellationToken cancellationToken)
    {
        GrainCall call;
        try
        {
            call = codec.Decode(request);
        }
        catch (Exception ex)
        {
            return codec.EncodeException(ex);
        }

        var deadline = System.Diagnostics.Stopwatch.GetTimestamp() + (long)(request.TimeoutMs / 1000.0 * System.Diagnostics.Stopwatch.Frequency);
        try
        {
            var result = await catalog.InvokeLocalAsync(call, deadline, cancellationToken).ConfigureAwait(false);
            return codec.EncodeResult(call.Method, result);
        }
        catch (DuplicateActivationException duplicate)
        {
            return new WireResponse(null, null, duplicate.Silo.ToString());
        }
        catch (Exception ex)
        {
            return codec.EncodeException(ex);
        }
    }

    private async Task<object?> RouteAsync(GrainCall call, long deadline, int redirects, CancellationToken cancellationToken)
    {
        while (true)
        {
            var remaining = CallChainDeadline.Remaining(deadline);
            if (remaining == TimeSpan.Zero)
            {
                throw new GrainCallTimeoutException(call.Method.Name, call.Target.ToString(), options.Value.ResponseTimeout);
            }

            var target = await LocateAsync(call.Target, cancellationToken).ConfigureAwait(false);
            if (target == view.Self)
            {
                try
                {
                    return await catalog.InvokeLocalAsync(call, deadline, cancellationToken).ConfigureAwait(false);
                }
                catch (DuplicateActivationException duplicate)
                {
                    cache.Set(call.Target, duplicate.Silo);
                    redirects = await AfterRedirectAsync(redirects, cancellationToken).ConfigureAwait(false);
                    continue;
                }
            }

            WireResponse response;
            try
            {
                response = await transport.InvokeAsync(target, codec.Encode(call, remaining, redirects), remaining, cancellationToken).ConfigureAwait(false);
            }
            catch (SiloUnavailableException ex)
            {
                // Until the cluster declares it dead, the grain's home may just be slow: retry; after, re-place.
                cache.Remove(call.Target);
                LogInformationUnavailable(logger, ex.Silo, call.Target, ex.Message);
                await Task.Delay(UnavailableBackoff, cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (response.RedirectTo is { } redirect)
            {
                cache.Set(call.Target, SiloAddress.Parse(redirect));
                redirects = await AfterRedirectAsync(redirects, cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (response.Exception is { } exception)
            {
                throw codec.DecodeException(exception);
            }

            return codec.DecodeResult(call.Method, response);
        }
    }

    // Redirects are followed at once up to the limit; past it, silos disagree about who is dead
    // (views refresh independently), so wait for them to converge and try again, until the deadline.
    private static async Task<int> AfterRedirectAsync(int redirects, CancellationToken cancellationToken)
    {
        if (redirects < MaxRedirects)
        {
            return redirects + 1;
        }

        await Task.Delay(UnavailableBackoff, cancellationToken).ConfigureAwait(false);
        return 0;
    }

    private async Task<SiloAddress> LocateAsync(GrainId grainId, CancellationToken cancellationToken)
    {
        if (catalog.HasActivation(grainId))
        {
            return view.Self;
        }

        if (cache.TryGet(grainId, out var cached) && view.IsActive(cached))
        {
            return cached;
        }

        GrainAddress? entry;
        try
        {
            entry = await directory.LookupAsync(grainId, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException && Place(grainId) is var placed && placed != view.Self)
        {
            // The directory (the database) cannot be read. A live grain most likely sits where it was placed, so try
            // there rather than fail a call that writes nothing (a heartbeat). Safe: a silo without the activation
            // must register in the same unreadable directory to create one, so the call fails there instead.
            LogInformationDirectoryUnreadable(logger, grainId, placed, ex.Message);
            return placed;
        }

        if (entry is not null && view.IsActive(entry.Silo))
        {
            cache.Set(grainId, entry.Silo);
            return entry.Silo;
        }

        return Place(grainId);
    }

    private SiloAddress Place(GrainId grainId) => RendezvousPlacement.Choose(grainId, [.. view.Active.Select(e => e.Silo)]);

    [LoggerMessage(EventId = 2301, Level = LogLevel.Information, Message = "Silo {Silo} unavailable for a call to {GrainId}; retrying: {Reason}")]
    private static partial void LogInformationUnavailable(ILogger logger, SiloAddress silo, GrainId grainId, string reason);

    [LoggerMessage(EventId = 2302, Level = LogLevel.Information, Message = "The grain directory cannot be read for {GrainId}; trying its placement silo {Silo}: {Reason}")]
    private static partial void LogInformationDirectoryUnreadable(ILogger logger, GrainId grainId, SiloAddress silo, string reason);
}
