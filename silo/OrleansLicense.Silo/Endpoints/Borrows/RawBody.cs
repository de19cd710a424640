using System.Text;

namespace OrleansLicense.Silo.Endpoints.Borrows;

/// <summary>Reads a request body as text: signed files are taken as sent, since re-serialising could change the signed bytes.</summary>
internal static class RawBody
{
    public static async Task<string> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(request.Body, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, leaveOpen: true);
        return await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
    }
}
