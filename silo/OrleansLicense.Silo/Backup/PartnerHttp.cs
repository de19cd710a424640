using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using OrleansLicense.Contracts.Errors;
using OrleansLicense.Grains.Backup;
using OrleansLicense.Grains.Errors;
using OrleansLicense.Silo.Peers;

namespace OrleansLicense.Silo.Backup;

/// <summary>
/// Calls to the partner grid's HTTP API: the link (<c>/api/v1/backup-link/…</c>, with the relationship's credential)
/// and, while creating online, the partner's admin API (with the admin token given). Each address is tried in turn; a
/// connection failure, a timeout or a 5xx is partner_unreachable, a 401 or 403 partner_refused, other refusals carry
/// the partner's code.
/// </summary>
internal sealed class PartnerHttp(HttpClient http, IOptions<BackupOptions> options)
{
    /// <summary>Sends one call; answers the body's text.</summary>
    public async Task<string> SendAsync(IEnumerable<string> addresses, HttpMethod method, string path, string bearer, string? json, CancellationToken cancellationToken)
    {
        var bases = addresses.Where(a => a.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || a.StartsWith("https://", StringComparison.OrdinalIgnoreCase)).ToList();
        var unreachable = "it has no HTTP address";
        foreach (var address in bases)
        {
            using var request = new HttpRequestMessage(method, new Uri(address.TrimEnd('/') + path));
            if (json is not null)
            {
                request.Content = new StringContent(json, Encoding.UTF8, "application/json");
            }

            HttpResponseMessage response;
            try
            {
                response = await PeerCalls.SendAsync(http, request, bearer, options.Value.LinkTimeout, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpRequestException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                unreachable = $"{address}: {ex.Message}";
                continue;
            }

            using (response)
            {
                var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    return body;
                }

                if ((int)response.StatusCode >= 500)
                {
                    unreachable = $"{address} answered {(int)response.StatusCode}";
                    continue;
                }

                var problem = PeerCalls.ProblemOf(body);
                if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden && problem?.Code is null or ErrorCodes.Unauthorized or ErrorCodes.Forbidden)
                {
                    throw new LicensingException(ErrorCodes.PartnerRefused, $"The partner {address} refused the call ({(int)response.StatusCode}): {problem?.Detail ?? "no detail"}");
                }

                throw new LicensingException(problem?.Code ?? ErrorCodes.BadRequest, $"The partner {address} answered: {problem?.Detail ?? ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture)}");
            }
        }

        throw new LicensingException(ErrorCodes.PartnerUnreachable, $"The partner server cannot be reached ({unreachable}).");
    }

}
