using System.Net.Http.Headers;
using System.Text.Json;
using OrleansLicense.Contracts;
using OrleansLicense.Contracts.Errors;

namespace OrleansLicense.Silo.Peers;

/// <summary>
/// What every call between independent servers shares (the backup link, a triad's license move, the agents' link):
/// the bearer credential both ways, a deadline per call, and reading the other side's problem details.
/// </summary>
internal static class PeerCalls
{
    /// <summary>Sends <paramref name="request"/> with <paramref name="bearer"/> as its credential, within <paramref name="limit"/>.</summary>
    /// <remarks>A deadline that passes surfaces as an <see cref="OperationCanceledException"/> while <paramref name="cancellationToken"/> is not cancelled.</remarks>
    public static async Task<HttpResponseMessage> SendAsync(HttpClient http, HttpRequestMessage request, string bearer, TimeSpan limit, CancellationToken cancellationToken)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(limit);
        return await http.SendAsync(request, timeout.Token).ConfigureAwait(false);
    }

    /// <summary>The problem details in an answer's body, or null when it holds none.</summary>
    public static ApiProblem? ProblemOf(string body)
    {
        try
        {
            return JsonSerializer.Deserialize(body, ContractsJsonContext.Default.ApiProblem);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The credential of an <c>Authorization: Bearer</c> header, or null without one.</summary>
    public static string? BearerOf(HttpRequest request)
    {
        string? header = request.Headers.Authorization;
        return header is not null && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : null;
    }
}
