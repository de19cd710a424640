using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OrleansLicense.Client.Sessions;
using OrleansLicense.Contracts.Borrows;
using OrleansLicense.Contracts.Cluster;
using OrleansLicense.Contracts.Errors;
using OrleansLicense.Contracts.Sessions;
using OrleansLicense.Contracts.Usage;
using OrleansLicense.Grains.ClientGateway;
using OrleansLicense.Grains.Errors;

namespace OrleansLicense.Client.Transport;

/// <summary>
/// The Orleans client as a transport (issue #13): one <see cref="IClusterClient"/> with static gateways (every configured
/// address; Orleans keeps connections to them and moves between them by itself) calling the client API grain
/// <see cref="IClientGatewayGrain"/>, and the session itself for heartbeats (<see cref="ISessionClientGrain"/>). Connected at the first call, with a bounded connect retry; a failed connection is
/// thrown away, so the next call tries afresh. Orleans' failures become <see cref="TransientGatewayException"/>s, so the
/// shared retry logic above repeats what may be repeated.
/// </summary>
internal sealed class OrleansLicenseTransport(OrleansConnectionSettings settings) : ILicenseTransport
{
    private readonly SemaphoreSlim _connecting = new(1, 1);
    private readonly Uri _cluster = settings.Gateways[0];
    private IHost? _host;
    private IClusterClient? _client;
    private KickObserver? _observer;
    private IKickObserver? _observerReference;
    private volatile Uri? _lastGateway;
    private volatile SessionReference? _session;

    /// <summary>What the transport connects with (tests read it).</summary>
    public OrleansConnectionSettings Settings => settings;

    public bool ClientFailsOver => false;

    public IReadOnlyList<Uri> Targets(IReadOnlyList<Uri> servers) => [_cluster];

    public Uri AnsweredBy(Uri server) => _lastGateway ?? server;

    public void WatchKicks(string sessionId, Action<string, string> kicked)
    {
        if (Volatile.Read(ref _client) is not { } client)
        {
            return;
        }

        // The observer object must be kept alive here: Orleans holds it weakly.
        var observer = new KickObserver(sessionId, kicked);
        var reference = client.CreateObjectReference<IKickObserver>(observer);
        if (Interlocked.Exchange(ref _observer, observer) is { } previous && _observerReference is { } old)
        {
            client.DeleteObjectReference<IKickObserver>(old);
            previous.Stop();
        }

        _observerReference = reference;

        // Best effort: a lost subscription is renewed by the next heartbeat, whose answer also tells of a kick.
        _ = client.GetGrain<IClientGatewayGrain>(IClientGatewayGrain.Key).Watch(sessionId, reference)
            .ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
    }

    public async Task<LoginResponse> LoginAsync(Uri server, LoginRequest request, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var answer = await CallAsync(server, g => g.Login(request), cancellationToken).ConfigureAwait(false);

        // The answering silo lists its own addresses first.
        _lastGateway = answer.Servers.Select(ParseGateway).FirstOrDefault(u => u is not null) ?? _lastGateway;
        return answer;
    }

    public async Task<HeartbeatResponse> HeartbeatAsync(Uri server, string sessionId, CancellationToken cancellationToken)
    {
        var observer = _observer is { } o && o.SessionId == sessionId ? _observerReference : null;

        // Straight to the session: one grain call, where the client gateway grain would make it two.
        var answer = await CallAsync(server, c => SessionOf(c, sessionId).Heartbeat(observer), cancellationToken).ConfigureAwait(false);
        _lastGateway = ParseGateway(answer.Gateway) ?? _lastGateway;
        if (answer.Kicked)
        {
            throw new LicenseServerException(ErrorCodes.SessionExpired, 410, answer.Detail, AnsweredBy(server));
        }

        return new HeartbeatResponse(answer.TimeoutSeconds, answer.HeartbeatIntervalSeconds);
    }

    public Task<CheckOutResponse> CheckOutAsync(Uri server, string sessionId, CheckOutRequest request, CancellationToken cancellationToken) =>
        CallAsync(server, g => g.CheckOut(sessionId, request), cancellationToken);

    public Task CheckInAsync(Uri server, string sessionId, string feature, CancellationToken cancellationToken) =>
        CallAsync(server, async g => { await g.CheckIn(sessionId, feature).ConfigureAwait(false); return true; }, cancellationToken);

    public Task LogoutAsync(Uri server, string sessionId, CancellationToken cancellationToken) =>
        CallAsync(server, async g => { await g.Logout(sessionId).ConfigureAwait(false); return true; }, cancellationToken);

    public Task<BorrowResponse> BorrowAsync(Uri server, BorrowRequest request, CancellationToken cancellationToken) =>
        CallAsync(server, g => g.Borrow(request), cancellationToken);

    public Task ReturnBorrowAsync(Uri server, string borrowId, CancellationToken cancellationToken) =>
        CallAsync(server, async g => { await g.ReturnBorrow(borrowId).ConfigureAwait(false); return true; }, cancellationToken);

    public Task<ServerKeyView> GetServerKeyAsync(Uri server, CancellationToken cancellationToken) =>
        CallAsync(server, g => g.GetServerKey(), cancellationToken);

    public Task<UsageUploadResponse> UploadUsageAsync(Uri server, UsageUploadRequest request, CancellationToken cancellationToken) =>
        CallAsync(server, g => g.UploadUsage(request), cancellationToken);

    public async Task<GatewaysResponse?> TryGetGatewaysAsync(Uri server, CancellationToken cancellationToken)
    {
        try
        {
            return await CallAsync(server, g => g.GetGateways(), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TransientGatewayException or LicenseServerException)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _connecting.WaitAsync().ConfigureAwait(false);
        try
        {
            await StopAsync().ConfigureAwait(false);
        }
        finally
        {
            _connecting.Release();
        }
    }

    private Task<T> CallAsync<T>(Uri server, Func<IClientGatewayGrain, Task<T>> call, CancellationToken cancellationToken) =>
        CallAsync(server, c => call(c.GetGrain<IClientGatewayGrain>(IClientGatewayGrain.Key)), cancellationToken);

    private async Task<T> CallAsync<T>(Uri server, Func<IClusterClient, Task<T>> call, CancellationToken cancellationToken)
    {
        var client = await ConnectAsync(server, cancellationToken).ConfigureAwait(false);
        try
        {
            return await call(client).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (OrleansFailures.Map(e, AnsweredBy(server), settings.ResponseTimeout) is { } mapped)
        {
            throw mapped;
        }
    }

    private async Task<IClusterClient> ConnectAsync(Uri server, CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _client) is { } connected)
        {
            return connected;
        }

        await _connecting.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_client is { } raced)
            {
                return raced;
            }

            var host = OrleansClientHost.Build(settings);
            _host = host;
            try
            {
                await host.StartAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                await StopAsync().ConfigureAwait(false);
                var sentence = await OrleansFailures.DescribeConnectFailureAsync(settings, e, cancellationToken).ConfigureAwait(false);
                throw new TransientGatewayException(server, sentence, mayHaveBeenProcessed: false, e);
            }

            var client = host.Services.GetRequiredService<IClusterClient>();
            Volatile.Write(ref _client, client);
            return client;
        }
        finally
        {
            _connecting.Release();
        }
    }

    private async Task StopAsync()
    {
        var host = _host;
        _host = null;
        Volatile.Write(ref _client, null);
        _observer?.Stop();
        _observer = null;
        _observerReference = null;
        if (host is null)
        {
            return;
        }

        try
        {
            using var deadline = new CancellationTokenSource(settings.ResponseTimeout);
            await host.StopAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Stopping a client whose gateways are gone may fail; it is thrown away either way.
        }

        host.Dispose();
    }

    // One reference per session, kept: the client heartbeats one session for hours.
    private ISessionClientGrain SessionOf(IClusterClient client, string sessionId)
    {
        if (_session is { } kept && kept.Client == client && kept.SessionId == sessionId)
        {
            return kept.Grain;
        }

        var grain = client.GetGrain<ISessionClientGrain>(sessionId);
        _session = new SessionReference(client, sessionId, grain);
        return grain;
    }

    private sealed record SessionReference(IClusterClient Client, string SessionId, ISessionClientGrain Grain);

    private static Uri? ParseGateway(string? text) =>
        text is not null && text.StartsWith("olic://", StringComparison.OrdinalIgnoreCase) && Uri.TryCreate(text, UriKind.Absolute, out var uri) ? uri : null;
}
