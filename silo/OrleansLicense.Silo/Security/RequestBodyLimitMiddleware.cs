using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using OrleansLicense.Contracts.Errors;
using OrleansLicense.Silo.Configuration;
using OrleansLicense.Silo.Errors;

namespace OrleansLicense.Silo.Security;

/// <summary>
/// Refuses bodies above <see cref="SiloOptions.MaxRequestBodyBytes"/> with 413 <c>payload_too_large</c>
/// before any endpoint reads them. A declared length is checked at once; a body without one
/// (chunked) is read into memory up to the limit. This does not rely on the server's own limit,
/// whose error minimal APIs' body binding would report as a plain 400.
/// </summary>
internal sealed class RequestBodyLimitMiddleware(RequestDelegate next, IOptions<SiloOptions> options)
{
    private readonly long _limit = options.Value.MaxRequestBodyBytes;

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (request.ContentLength is { } length)
        {
            if (length > _limit)
            {
                await RefuseAsync(context).ConfigureAwait(false);
                return;
            }
        }
        else if (context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody == true)
        {
            var buffered = await ReadUpToLimitAsync(request.Body, context.RequestAborted).ConfigureAwait(false);
            if (buffered is null)
            {
                await RefuseAsync(context).ConfigureAwait(false);
                return;
            }

            request.Body = buffered;
            request.ContentLength = buffered.Length;
        }

        await next(context).ConfigureAwait(false);
    }

    private async Task<MemoryStream?> ReadUpToLimitAsync(Stream body, CancellationToken cancellationToken)
    {
        var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > _limit)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        buffer.Position = 0;
        return buffer;
    }

    private Task RefuseAsync(HttpContext context)
        => ApiProblems.WriteAsync(context, ErrorCodes.PayloadTooLarge, $"The request body is larger than {_limit} bytes.");
}
