using System.Text.Json;

namespace OrleansLicense.Silo.AccessLog;

/// <summary>
/// Passes the response body through and keeps the start of a problem+json body, to read its <c>code</c> for the access
/// log; other bodies are not kept.
/// </summary>
internal sealed class ProblemCodeCapture(Stream inner, HttpResponse response) : Stream
{
    private const int Keep = 4096;
    private MemoryStream? _kept;
    private bool? _isProblem;

    /// <summary>The problem's code, or null.</summary>
    public string? Code
    {
        get
        {
            if (_kept is null || _kept.Length == 0)
            {
                return null;
            }

            try
            {
                using var document = JsonDocument.Parse(_kept.ToArray());
                return document.RootElement.TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.String ? code.GetString() : null;
            }
            catch (JsonException)
            {
                // Cut at Keep bytes, or not JSON after all.
                return null;
            }
        }
    }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Flush() => inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count)
    {
        Remember(buffer.AsSpan(offset, count));
        inner.Write(buffer, offset, count);
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Remember(buffer.Span);
        await inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    protected override void Dispose(bool disposing)
    {
        // The inner stream is the response's: not ours to close.
        if (disposing)
        {
            _kept?.Dispose();
        }

        base.Dispose(disposing);
    }

    private void Remember(ReadOnlySpan<byte> bytes)
    {
        _isProblem ??= response.ContentType?.StartsWith("application/problem+json", StringComparison.OrdinalIgnoreCase) == true;
        if (_isProblem != true)
        {
            return;
        }

        _kept ??= new MemoryStream();
        var room = Keep - (int)_kept.Length;
        if (room > 0)
        {
            _kept.Write(bytes[..Math.Min(room, bytes.Length)]);
        }
    }
}
