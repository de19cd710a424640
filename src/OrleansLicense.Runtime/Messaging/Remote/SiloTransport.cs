using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Options;
using OrleansLicense.Runtime.Cluster;
using OrleansLicense.Runtime.Membership;

namespace OrleansLicense.Runtime.Messaging.Remote;

/// <summary>
/// The sending side of silo-to-silo messaging: one multiplexed HTTP/2 (h2c) connection per peer
/// endpoint, every request stamped with the cluster id and the sender's address and generation.
/// </summary>
internal sealed class SiloTransport : IDisposable
{
    private readonly ConcurrentDictionary<(string Host, int Port), HttpClient> _clients = new();
    private readonly ClusterOptions _options;
    private readonly ClusterView _view;
    private readonly PartitionSwitch _partition;
    private readonly MessagingJsonOptions _json;

    public SiloTransport(IOptions<ClusterOptions> options, ClusterView view, PartitionSwitch partition, MessagingJsonOptions json)
    {
        _options = options.Value;
        _view = view;
        _partition = partition;
        _json = json;
    }

    public async Task<WireResponse> InvokeAsync(SiloAddress target, WireRequest request, TimeSpan timeout, CancellationToken cancellationToken)
    {
        // Serialise before sending: a codec error is a bug to report, not a network fault to retry.
        var body = JsonSerializer.SerializeToUtf8Bytes(request, _json.SerializerOptions);
        using var message = Create(HttpMethod.Post, target, "/olic/v1/invoke");
        message.Content = new ByteArrayContent(body) { Headers = { ContentType = new("application/json") } };
        using var response = await SendAsync(target, message, timeout + TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new SiloUnavailableException(target, $"it answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false)}");
        }

        return await response.Content.ReadFromJsonAsync<WireResponse>(_json.SerializerOptions, cancellationToken).ConfigureAwait(false)
            ?? throw new SiloUnavailableException(target, "it sent an empty answer");
    }

    /// <summary>Pings a silo directly: true when it answers as exactly that generation.</summary>
    public async Task<bool> PingAsync(SiloAddress target, CancellationToken cancellationToken)
    {
        try
        {
            using var message = Create(HttpMethod.Get, target, "/olic/v1/ping");
            using var response = await SendAsync(target, message, _options.ProbeTimeout, cancellationToken).ConfigureAwait(false);
            return response.IsSuccessStatusCode
                && string.Equals(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false), target.ToString(), StringComparison.Ordinal);
        }
        catch (SiloUnavailableException)
        {
            return false;
        }
    }

    /// <summary>A silo's activations and process figures now, or null when it does not answer.</summary>
    public async Task<Statistics.SiloStatistics?> StatisticsAsync(SiloAddress target, CancellationToken cancellationToken)
    {
        try
        {
            using var message = Create(HttpMethod.Get, target, "/olic/v1/stats");
            using var response = await SendAsync(target, message, _options.ProbeTimeout * 2, cancellationToken).ConfigureAwait(false);
            return response.IsSuccessStatusCode
                ? await response.Content.ReadFromJsonAsync<Statistics.SiloStatistics>(_json.SerializerOptions, cancellationToken).ConfigureAwait(false)
                : null;
        }
        catch (Exception ex) when (ex is SiloUnavailableException or System.Text.Json.JsonException)
        {
            // A peer that does not answer, or answers what this build cannot read (an older silo), has no figures.
            return null;
        }
    }

    /// <summary>Asks <paramref name="via"/> to ping <paramref name="target"/> (the indirect probe); null when <paramref name="via"/> itself did not answer.</summary>
    public async Task<bool?> PingViaAsync(SiloAddress via, SiloAddress target, CancellationToken cancellationToken)
    {
        try
        {
            using var message = Create(HttpMethod.Post, via, $"/olic/v1/probe?target={Uri.EscapeDataString(target.ToString())}");
            using var response = await SendAsync(via, message, _options.ProbeTimeout * 2, cancellationToken).ConfigureAwait(false);
            return response.IsSuccessStatusCode
                ? bool.Parse(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false))
                : null;
        }
        catch (SiloUnavailableException)
        {
            return null;
        }
    }

    public void Dispose()
    {
        foreach (var client in _clients.Values)
        {
            client.Dispose();
        }
    }

    private HttpRequestMessage Create(HttpMethod method, SiloAddress target, string path)
    {
        var message = new HttpRequestMessage(method, $"http://{HostForUri(target.Host)}:{target.Port}{path}")
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        message.Headers.Add(SiloHeaders.Cluster, _options.ClusterId);
        message.Headers.Add(SiloHeaders.Sender, _view.Self.ToString());
        return message;
    }

    private async Task<HttpResponseMessage> SendAsync(SiloAddress target, HttpRequestMessage message, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (_partition.Blocked)
        {
            throw new SiloUnavailableException(target, "this silo is partitioned (fault injection)");
        }

        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        try
        {
            return await Client(target).SendAsync(message, cts.Token).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new SiloUnavailableException(target, ex.Message, ex);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new SiloUnavailableException(target, $"no answer within {timeout.TotalSeconds:0.#} s", ex);
        }
    }

    private HttpClient Client(SiloAddress target)
        => _clients.GetOrAdd((target.Host, target.Port), static _ => new HttpClient(new SocketsHttpHandler
        {
            // One connection per peer, multiplexing every call and probe (HTTP/2 streams).
            EnableMultipleHttp2Connections = false,
            ConnectTimeout = TimeSpan.FromSeconds(2),
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
            KeepAlivePingDelay = TimeSpan.FromSeconds(5),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(5),
        })
        {
            Timeout = Timeout.InfiniteTimeSpan,
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        });

    private static string HostForUri(string host) => host.Contains(':', StringComparison.Ordinal) && !host.StartsWith('[') ? $"[{host}]" : host;
}
