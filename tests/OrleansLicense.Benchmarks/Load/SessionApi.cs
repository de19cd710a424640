using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using OrleansLicense.Contracts;
using OrleansLicense.Contracts.Errors;
using OrleansLicense.Contracts.Sessions;

namespace OrleansLicense.Benchmarks.Load;

/// <summary>
/// The client (gateway) API as a virtual client calls it. The login body is serialised once and only
/// its request id is written per login (every virtual client asks for the same seat, and the load
/// generator's CPU is the server's CPU here); like the .NET client, every login has a request id.
/// Failures are returned, not thrown, so one bad answer is counted instead of ending the run; those
/// another gateway might not have (transport, timeout, 5xx) are <see cref="OpOutcome.Unavailable"/>.
/// </summary>
internal sealed class SessionApi
{
    private const string RequestIdPlaceholder = "00000000000000000000000000000000";

    private readonly HttpClient _http;
    private readonly byte[] _loginBody;
    private readonly int _requestIdAt;

    public SessionApi(HttpClient http, string product, string feature)
    {
        _http = http;
        _loginBody = JsonSerializer.SerializeToUtf8Bytes(
            new LoginRequest(product, [new FeatureRequest(feature, 1)], new ClientInfo("bench", "loadgen", "bench.exe", "bench-fingerprint"), RequestId: RequestIdPlaceholder),
            ContractsJsonContext.Default.LoginRequest);
        _requestIdAt = _loginBody.AsSpan().IndexOf(Encoding.ASCII.GetBytes(RequestIdPlaceholder));
    }

    /// <summary>A login with a request id of its own.</summary>
    public Task<LoginOutcome> LoginAsync(CancellationToken cancellationToken) => LoginAsync(NewRequestId(), cancellationToken);

    /// <summary>A new login request id (32 hex digits).</summary>
    public static string NewRequestId() => Guid.NewGuid().ToString("N");

    /// <summary>A login with <paramref name="requestId"/> (32 hex digits): sent again, it answers the same session.</summary>
    public async Task<LoginOutcome> LoginAsync(string requestId, CancellationToken cancellationToken)
    {
        var loginBody = (byte[])_loginBody.Clone();
        Encoding.ASCII.GetBytes(requestId, loginBody.AsSpan(_requestIdAt, RequestIdPlaceholder.Length));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/sessions") { Content = new ByteArrayContent(loginBody) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        try
        {
            using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.Created)
            {
                var login = JsonSerializer.Deserialize(body, ContractsJsonContext.Default.LoginResponse);
                return login is { SessionId.Length: > 0 }
                    ? new LoginOutcome(OpOutcome.Ok, login.SessionId, null)
                    : new LoginOutcome(OpOutcome.Error, null, "201 without a session id");
            }

            var code = ProblemCode(body);
            return response.StatusCode == HttpStatusCode.Conflict && code == ErrorCodes.SeatsExhausted
                ? new LoginOutcome(OpOutcome.Refused, null, null)
                : new LoginOutcome(Failed(response.StatusCode), null, $"{(int)response.StatusCode} {code}");
        }
        catch (JsonException ex)
        {
            return new LoginOutcome(OpOutcome.Error, null, ex.GetType().Name);
        }
        catch (Exception ex) when (IsTransport(ex, cancellationToken))
        {
            return new LoginOutcome(OpOutcome.Unavailable, null, Describe(ex));
        }
    }

    public Task<(OpOutcome Outcome, string? Error)> HeartbeatAsync(string sessionId, CancellationToken cancellationToken)
        => SendAsync(HttpMethod.Post, $"/api/v1/sessions/{sessionId}/heartbeat", HttpStatusCode.OK, cancellationToken);

    public Task<(OpOutcome Outcome, string? Error)> LogoutAsync(string sessionId, CancellationToken cancellationToken)
        => SendAsync(HttpMethod.Delete, $"/api/v1/sessions/{sessionId}", HttpStatusCode.NoContent, cancellationToken);

    private static string ProblemCode(byte[] body)
    {
        try
        {
            return body.Length == 0 ? "(empty)" : JsonSerializer.Deserialize(body, ContractsJsonContext.Default.ApiProblem)?.Code ?? "(no code)";
        }
        catch (JsonException)
        {
            return "(not problem json)";
        }
    }

    private async Task<(OpOutcome, string?)> SendAsync(HttpMethod method, string path, HttpStatusCode expected, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path);
        try
        {
            using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);

            // Read to the end even when unused: a body left unread keeps the connection out of the pool.
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            return response.StatusCode == expected ? (OpOutcome.Ok, null) : (Failed(response.StatusCode), $"{(int)response.StatusCode} {ProblemCode(body)}");
        }
        catch (Exception ex) when (IsTransport(ex, cancellationToken))
        {
            return (OpOutcome.Unavailable, Describe(ex));
        }
    }

    // A 5xx says this server (or the grid behind it) could not do it; another gateway may.
    private static OpOutcome Failed(HttpStatusCode status) => (int)status >= 500 ? OpOutcome.Unavailable : OpOutcome.Error;

    // The caller's token decides: HttpClient's own timeout also surfaces as a cancellation, but of another token.
    // A body cut off by a dying server is an IOException (HttpIOException), not an HttpRequestException.
    private static bool IsTransport(Exception ex, CancellationToken cancellationToken)
        => ex is HttpRequestException or IOException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested);

    private static string Describe(Exception ex) => ex is HttpRequestException { HttpRequestError: var error } ? $"{ex.GetType().Name} {error}" : ex.GetType().Name;
}
