using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using OrleansLicense.Contracts.Sessions;

namespace OrleansLicense.Cluster.Tests.Support;

/// <summary>
/// A client program over the gateway API: it keeps its session id when a gateway fails and moves
/// to the next one, and records the longest time it went without a successful call.
/// </summary>
internal sealed class VirtualClient(IReadOnlyList<string> gateways, int index, HttpMessageHandler handler)
{
    private readonly HttpClient _http = new(handler, disposeHandler: false) { Timeout = TimeSpan.FromSeconds(40) };
    private int _gateway = index % gateways.Count;
    private long _lastSuccess = Stopwatch.GetTimestamp();

    public TimeSpan WorstGap { get; private set; }

    public int Logins { get; private set; }

    public int Refusals { get; private set; }

    public int Errors { get; private set; }

    public string? SessionId { get; private set; }

    public bool Kicked { get; private set; }

    /// <summary>Logs in; false when the seats were exhausted (a normal answer under contention).</summary>
    public async Task<bool> LoginAsync(string product, string feature, CancellationToken cancellationToken)
    {
        var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Post, "/api/v1/sessions")
        {
            Content = JsonContent.Create(new LoginRequest(product, [new FeatureRequest(feature, 1)], new ClientInfo($"user{index}", "test", "cluster-test", null))),
        }, cancellationToken);
        if (response.StatusCode == HttpStatusCode.Conflict)
        {
            Refusals++;
            return false;
        }

        await ExpectAsync(HttpStatusCode.Created, response, cancellationToken);
        SessionId = (await response.Content.ReadFromJsonAsync<LoginResponse>(cancellationToken))!.SessionId;
        Logins++;
        return true;
    }

    public async Task HeartbeatAsync(CancellationToken cancellationToken)
    {
        var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Post, $"/api/v1/sessions/{SessionId}/heartbeat"), cancellationToken);
        if (response.StatusCode == HttpStatusCode.Gone)
        {
            Kicked = true;
            return;
        }

        await ExpectAsync(HttpStatusCode.OK, response, cancellationToken);
    }

    public async Task LogoutAsync(CancellationToken cancellationToken)
    {
        var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/sessions/{SessionId}"), cancellationToken);
        Assert.True(response.StatusCode is HttpStatusCode.NoContent or HttpStatusCode.Gone, $"logout answered {(int)response.StatusCode}");
        SessionId = null;
    }

    // The problem details name the cause when a call fails in a way a client does not expect.
    private static async Task ExpectAsync(HttpStatusCode expected, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.StatusCode != expected)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            Assert.Fail($"expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        }
    }

    // Transport failures and 5xx move to the next gateway and try again, bounded by time.
    private async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> request, CancellationToken cancellationToken)
    {
        var giveUp = Stopwatch.GetTimestamp() + (Stopwatch.Frequency * 60);
        while (true)
        {
            using var message = request();
            message.RequestUri = new Uri(new Uri(gateways[_gateway]), message.RequestUri!);
            try
            {
                var response = await _http.SendAsync(message, cancellationToken);
                if ((int)response.StatusCode < 500)
                {
                    var now = Stopwatch.GetTimestamp();
                    var gap = Stopwatch.GetElapsedTime(_lastSuccess, now);
                    WorstGap = gap > WorstGap ? gap : WorstGap;
                    _lastSuccess = now;
                    return response;
                }

                Errors++;
            }
            catch (HttpRequestException)
            {
                Errors++;
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                Errors++;
            }

            if (Stopwatch.GetTimestamp() > giveUp)
            {
                throw new TimeoutException($"client {index}: no gateway answered for 60 s");
            }

            _gateway = (_gateway + 1) % gateways.Count;
            await Task.Delay(50, cancellationToken);
        }
    }
}
