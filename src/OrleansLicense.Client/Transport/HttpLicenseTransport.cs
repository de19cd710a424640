using System.Net;
using System.Text.Json;
using OrleansLicense.Contracts;
using OrleansLicense.Contracts.Borrows;
using OrleansLicense.Contracts.Cluster;
using OrleansLicense.Contracts.Sessions;
using OrleansLicense.Contracts.Usage;

namespace OrleansLicense.Client.Transport;

/// <summary>The HTTP gateway API as a transport (addresses written <c>http://</c> or <c>https://</c>).</summary>
internal sealed class HttpLicenseTransport(HttpMessageHandler handler, TimeSpan requestTimeout) : ILicenseTransport
{
    private readonly GatewayTransport _http = new(handler, requestTimeout);

    public bool ClientFailsOver => true;

    public IReadOnlyList<Uri> Targets(IReadOnlyList<Uri> servers) => servers;

    public Uri AnsweredBy(Uri server) => server;

    public void WatchKicks(string sessionId, Action<string, string> kicked)
    {
        // HTTP has no push: the next heartbeat's 410 tells.
    }

    public Task<LoginResponse> LoginAsync(Uri server, LoginRequest request, TimeSpan timeout, CancellationToken cancellationToken) =>
        _http.SendAsync(server, HttpMethod.Post, "api/v1/sessions", Json(request, ContractsJsonContext.Default.LoginRequest), ContractsJsonContext.Default.LoginResponse, cancellationToken, timeout);

    public async Task<HeartbeatResponse> HeartbeatAsync(Uri server, string sessionId, CancellationToken cancellationToken)
    {
        try
        {
            return await _http.SendAsync(server, HttpMethod.Post, SessionPath(sessionId, "heartbeat"), null, ContractsJsonContext.Default.HeartbeatResponse, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (LicenseServerException e) when (e.Status == (int)HttpStatusCode.NotFound)
        {
            // A server that does not know the session (one of another cluster, listed among the addresses) is
            // skipped like a dead one; a kicked session is 410, not 404.
            throw new TransientGatewayException(server, e.Message, mayHaveBeenProcessed: false, e);
        }
    }

    public Task<CheckOutResponse> CheckOutAsync(Uri server, string sessionId, CheckOutRequest request, CancellationToken cancellationToken) =>
        _http.SendAsync(server, HttpMethod.Post, SessionPath(sessionId, "features"), Json(request, ContractsJsonContext.Default.CheckOutRequest), ContractsJsonContext.Default.CheckOutResponse, cancellationToken);

    public Task CheckInAsync(Uri server, string sessionId, string feature, CancellationToken cancellationToken) =>
        _http.SendAsync(server, HttpMethod.Delete, SessionPath(sessionId, "features/" + Uri.EscapeDataString(feature)), null, cancellationToken);

    public Task LogoutAsync(Uri server, string sessionId, CancellationToken cancellationToken) =>
        _http.SendAsync(server, HttpMethod.Delete, SessionPath(sessionId, null), null, cancellationToken);

    public Task<BorrowResponse> BorrowAsync(Uri server, BorrowRequest request, CancellationToken cancellationToken) =>
        _http.SendAsync(server, HttpMethod.Post, "api/v1/borrows", Json(request, ContractsJsonContext.Default.BorrowRequest), ContractsJsonContext.Default.BorrowResponse, cancellationToken);

    public Task ReturnBorrowAsync(Uri server, string borrowId, CancellationToken cancellationToken) =>
        _http.SendAsync(server, HttpMethod.Delete, "api/v1/borrows/" + Uri.EscapeDataString(borrowId), null, cancellationToken);

    public Task<ServerKeyView> GetServerKeyAsync(Uri server, CancellationToken cancellationToken) =>
        _http.SendAsync(server, HttpMethod.Get, "api/v1/borrows/server-key", null, ContractsJsonContext.Default.ServerKeyView, cancellationToken);

    public Task<UsageUploadResponse> UploadUsageAsync(Uri server, UsageUploadRequest request, CancellationToken cancellationToken) =>
        _http.SendAsync(server, HttpMethod.Post, "api/v1/usage", Json(request, ContractsJsonContext.Default.UsageUploadRequest), ContractsJsonContext.Default.UsageUploadResponse, cancellationToken);

    public Task<GatewaysResponse?> TryGetGatewaysAsync(Uri server, CancellationToken cancellationToken) =>
        _http.TryGetAsync(server, "api/v1/cluster/gateways", ContractsJsonContext.Default.GatewaysResponse, cancellationToken);

    public ValueTask DisposeAsync()
    {
        _http.Dispose();
        return ValueTask.CompletedTask;
    }

    private static byte[] Json<T>(T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) => JsonSerializer.SerializeToUtf8Bytes(value, type);

    private static string SessionPath(string id, string? below) =>
        below is null ? $"api/v1/sessions/{Uri.EscapeDataString(id)}" : $"api/v1/sessions/{Uri.EscapeDataString(id)}/{below}";
}
