using System.Text;
using System.Text.Json;
using System.IO.Pipelines;

namespace OrleansLicense.Silo.Errors.ServerRejections;

/// <summary>
/// Passes a connection's output through untouched, except the response Kestrel writes when it refuses a request
/// itself: an HTTP/1 error head with <c>Content-Length: 0</c> and <c>Connection: close</c> (the application's own
/// errors always carry a body, and keep the connection). That head is replaced by one with a problem details body.
/// Kestrel writes such a head in one piece (a few hundred bytes), so it is recognised at <see cref="Advance"/>
/// without copying anything else.
/// </summary>
internal sealed class RejectionProblemWriter(PipeWriter inner) : PipeWriter
{
    private static readonly byte[] EmptyBody = "\r\nContent-Length: 0\r\n"u8.ToArray();
    private static readonly byte[] Close = "\r\nConnection: close\r\n"u8.ToArray();
    private static readonly byte[] HeadEnd = "\r\n\r\n"u8.ToArray();

    private Memory<byte> _last;

    public override bool CanGetUnflushedBytes => inner.CanGetUnflushedBytes;

    public override long UnflushedBytes => inner.UnflushedBytes;

    public override Memory<byte> GetMemory(int sizeHint = 0) => _last = inner.GetMemory(sizeHint);

    public override Span<byte> GetSpan(int sizeHint = 0) => (_last = inner.GetMemory(sizeHint)).Span;

    public override void Advance(int bytes)
    {
        var replacement = bytes <= _last.Length ? Rewrite(_last.Span[..bytes]) : null;
        _last = default;
        if (replacement is null)
        {
            inner.Advance(bytes);
            return;
        }

        // The refused head was never advanced, so the replacement simply takes its place.
        replacement.CopyTo(inner.GetSpan(replacement.Length));
        inner.Advance(replacement.Length);
    }

    public override void CancelPendingFlush() => inner.CancelPendingFlush();

    public override void Complete(Exception? exception = null) => inner.Complete(exception);

    public override ValueTask CompleteAsync(Exception? exception = null) => inner.CompleteAsync(exception);

    public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default) => inner.FlushAsync(cancellationToken);

    /// <summary>The head with a problem body, or null when <paramref name="written"/> is not a bodiless refusal.</summary>
    internal static byte[]? Rewrite(ReadOnlySpan<byte> written)
    {
        if (written.Length < 16 || written.Length > 1024
            || !(written.StartsWith("HTTP/1.1 "u8) || written.StartsWith("HTTP/1.0 "u8))
            || written[9] is < (byte)'4' or > (byte)'5'
            || !written.EndsWith(HeadEnd)
            || written.IndexOf(Close) < 0)
        {
            return null;
        }

        var emptyBody = written.IndexOf(EmptyBody);
        if (emptyBody < 0 || !int.TryParse(written.Slice(9, 3), out var status))
        {
            return null;
        }

        var problem = ApiProblems.Create(ErrorStatus.CodeForStatus(status), Detail(status), status);
        var body = JsonSerializer.SerializeToUtf8Bytes(problem, ApiJson.Contracts.ApiProblem);
        var headers = Encoding.ASCII.GetBytes($"\r\nContent-Type: {ApiProblems.ContentType}\r\nContent-Length: {body.Length}\r\n");
        return [.. written[..emptyBody], .. headers, .. written[(emptyBody + EmptyBody.Length)..], .. body];
    }

    private static string Detail(int status) => status switch
    {
        StatusCodes.Status400BadRequest => "The server cannot read the request line or headers (for example a control character such as %00 in the path).",
        StatusCodes.Status414UriTooLong => "The request target (path and query) is longer than the server reads.",
        StatusCodes.Status431RequestHeaderFieldsTooLarge => "The request headers are larger than the server reads.",
        StatusCodes.Status408RequestTimeout => "The request did not arrive in time.",
        _ => $"The server refused the request ({status}).",
    };
}
