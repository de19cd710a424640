using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using OrleansLicense.Contracts.Errors;
using OrleansLicense.Grains.Triad;

namespace OrleansLicense.Silo.Triad;

/// <summary>
/// Dissolving with <c>licenses=move</c> (R-TRI-3): the licenses' original signed documents are imported into another server
/// through its admin API (<c>POST /api/v1/admin/licenses</c>, its URL and admin token given by the administrator). Only a
/// license the target accepted is deactivated here; one it refused stays active here, so nothing is lost.
/// </summary>
internal sealed class TriadLicenseMover(HttpClient http)
{
    /// <summary>How long one call to the target may take.</summary>
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Checks that <paramref name="target"/> answers its admin status with <paramref name="token"/> and is not the grid
    /// <paramref name="ownClusterId"/>; the refusal's text, or null when the target is usable.
    /// </summary>
    public async Task<string?> CheckAsync(Uri target, string token, string ownClusterId, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await SendAsync(HttpMethod.Get, target, "status", token, null, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                return $"{target} answered its admin status with {(int)response.StatusCode} {await CodeAsync(response, cancellationToken).ConfigureAwait(false)} (check --to-token: the target's admin token).";
            }

            var status = JsonSerializer.Deserialize(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false), Contracts.ContractsJsonContext.Default.StatusView);
            return string.Equals(status?.ClusterId, ownClusterId, StringComparison.Ordinal)
                ? $"{target} is this grid ({ownClusterId}): the licenses would be deactivated where they were imported. Name another server."
                : null;
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return $"{target} cannot be reached: {ex.Message}";
        }
    }

    /// <summary>Imports one signed document on the target; null when it was imported, else the target's refusal.</summary>
    public async Task<MoveFailure?> ImportAsync(Uri target, string token, string licenseId, string signedDocument, CancellationToken cancellationToken)
    {
        try
        {
            // The raw text as stored: re-serialising the document could change the signed bytes.
            using var content = new StringContent(signedDocument, Encoding.UTF8, "application/json");
            using var response = await SendAsync(HttpMethod.Post, target, "licenses", token, content, cancellationToken).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                return null;
            }

            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            var (code, detail) = ProblemOf(body);
            return new MoveFailure(licenseId, (int)response.StatusCode, code ?? ErrorCodes.InternalError, detail ?? body);
        }
        catch (Exception ex) when (ex is HttpRequestException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return new MoveFailure(licenseId, null, TriadErrorCodes.MoveTargetUnreachable, $"{target} cannot be reached: {ex.Message}");
        }
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, Uri target, string path, string token, HttpContent? content, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(target, $"/api/v1/admin/{path}")) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(CallTimeout);
        return await http.SendAsync(request, timeout.Token).ConfigureAwait(false);
    }

    private static async Task<string> CodeAsync(HttpResponseMessage response, CancellationToken cancellationToken)
        => ProblemOf(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false)).Code ?? "";

    private static (string? Code, string? Detail) ProblemOf(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            return (root.TryGetProperty("code", out var code) ? code.GetString() : null, root.TryGetProperty("detail", out var detail) ? detail.GetString() : null);
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }
}
