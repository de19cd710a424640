using System.Text;
using System.Text.Json;
using OrleansLicense.Contracts.Errors;
using OrleansLicense.Grains.Triad;
using OrleansLicense.Silo.Peers;

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
            var problem = PeerCalls.ProblemOf(body);
            return new MoveFailure(licenseId, (int)response.StatusCode, problem?.Code ?? ErrorCodes.InternalError, problem?.Detail ?? body);
        }
        catch (Exception ex) when (ex is HttpRequestException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return new MoveFailure(licenseId, null, TriadErrorCodes.MoveTargetUnreachable, $"{target} cannot be reached: {ex.Message}");
        }
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, Uri target, string path, string token, HttpContent? content, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(target, $"/api/v1/admin/{path}")) { Content = content };
        return await PeerCalls.SendAsync(http, request, token, CallTimeout, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<string> CodeAsync(HttpResponseMessage response, CancellationToken cancellationToken)
        => PeerCalls.ProblemOf(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false))?.Code ?? "";

}
