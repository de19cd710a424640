using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using OrleansLicense.Contracts;
using OrleansLicense.Contracts.Errors;

namespace OrleansLicense.Client.Transport;

/// <summary>One HTTP request to one server, with the gateway contract's error mapping: a problem body becomes a
/// <see cref="LicenseServerException"/>; failures another server might not have become
/// <see cref="TransientGatewayException"/>.</summary>
internal sealed class GatewayTransport : IDisposable
{
    private readonly HttpClient _http;
    private readonly TimeSpan _requestTimeout;

    public GatewayTransport(HttpMessageHandler handler, TimeSpan requestTimeout)
    {
        // Per-request timeouts are ours (linked tokens), so the HttpClient's own must not interfere.
        _http = new HttpClient(handler, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
        _requestTimeout = requestTimeout;
    }

    /// <summary>Sends a request and reads a JSON answer; <paramref name="timeout"/> replaces the request timeout (a queued login).</summary>
    public Task<T> SendAsync<T>(Uri server, HttpMethod method, string path, byte[]? jsonBody, JsonTypeInfo<T> responseType, CancellationToken ct, TimeSpan? timeout = null) =>
        SendCoreAsync(server, method, path, jsonBody, timeout ?? _requestTimeout, async (content, token) =>
        {
            try
            {
                return await content.ReadFromJsonAsync(responseType, token).ConfigureAwait(false)
                    ?? throw new JsonException("The body is null.");
            }
            catch (JsonException e)
            {
                throw new LicenseServerException(ClientErrorCodes.InvalidResponse, 200, e.Message, server, innerException: e);
            }
        }, ct);

    /// <summary>Sends a request whose answer has no body of interest (204).</summary>
    public Task SendAsync(Uri server, HttpMethod method, string path, byte[]? jsonBody, CancellationToken ct) =>
        SendCoreAsync(server, method, path, jsonBody, _requestTimeout, static (_, _) => Task.FromResult(true), ct);

    /// <summary>One <c>GET</c> without retries; null when the server does not answer with a success (probes, refreshes).</summary>
    public async Task<T?> TryGetAsync<T>(Uri server, string path, JsonTypeInfo<T> responseType, CancellationToken ct)
        where T : class
    {
        try
        {
            return await SendAsync(server, HttpMethod.Get, path, null, responseType, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TransientGatewayException or LicenseServerException)
        {
            return null;
        }
    }

    public void Dispose() => _http.Dispose();

    private async Task<T> SendCoreAsync<T>(
        Uri server,
        HttpMethod method,
        string path,
        byte[]? jsonBody,
        TimeSpan timeout,
        Func<HttpContent, CancellationToken, Task<T>> read,
        CancellationToken ct)
    {
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(ct);
        attempt.CancelAfter(timeout);
        using var request = new HttpRequestMessage(method, new Uri(server, path));
        if (jsonBody is not null)
        {
            request.Content = new ByteArrayContent(jsonBody) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } };
        }

        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, attempt.Token).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                return await read(response.Content, attempt.Token).ConfigureAwait(false);
            }

            var answer = await ReadProblemAsync(server, response, attempt.Token).ConfigureAwait(false);
            if (IsTransient(answer))
            {
                // The server said it failed: nothing was applied, so even a check-out may be repeated.
                throw new TransientGatewayException(server, answer.Message, mayHaveBeenProcessed: false, answer);
            }

            throw answer;
        }
        catch (HttpRequestException e)
        {
            // Connect-phase errors mean the request never left; anything later may have been applied.
            var sent = e.HttpRequestError is not (HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError);
            throw new TransientGatewayException(server, e.Message, sent, e);
        }
        catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
        {
            throw new TransientGatewayException(
                server,
                string.Create(CultureInfo.InvariantCulture, $"No answer within {_requestTimeout.TotalSeconds:0.#} s"),
                mayHaveBeenProcessed: true,
                e);
        }
    }

    internal static bool IsTransient(LicenseServerException answer) =>
        answer.Status is (int)HttpStatusCode.RequestTimeout or (int)HttpStatusCode.TooManyRequests
        || (answer.Status >= 500 && !(answer.Status == (int)HttpStatusCode.ServiceUnavailable && answer.Code == ErrorCodes.Maintenance));

    private static async Task<LicenseServerException> ReadProblemAsync(Uri server, HttpResponseMessage response, CancellationToken ct)
    {
        var status = (int)response.StatusCode;
        ApiProblem? problem = null;
        try
        {
            var body = await response.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false);
            if (body.Length > 0)
            {
                problem = JsonSerializer.Deserialize(body, ContractsJsonContext.Default.ApiProblem);
            }
        }
        catch (JsonException)
        {
            // Not a problem body (a proxy's HTML page, say): the status alone must do.
        }

        var code = string.IsNullOrEmpty(problem?.Code) ? FallbackCode(status) : problem.Code;
        return new LicenseServerException(code, status, problem?.Detail ?? response.ReasonPhrase, server, isTransient: false);
    }

    private static string FallbackCode(int status) => status switch
    {
        500 => ErrorCodes.InternalError,
        _ => string.Create(CultureInfo.InvariantCulture, $"http_{status}"),
    };
}
