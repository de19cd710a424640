using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using OrleansLicense.Contracts;
using OrleansLicense.Contracts.Sessions;

namespace OrleansLicense.Client.Tests.Fakes;

/// <summary>One fake silo: Kestrel on 127.0.0.1 serving the gateway API of API.md from a shared
/// <see cref="FakeLicenseStore"/>. Stopping it is a silo dying: its port refuses connections afterwards.</summary>
public sealed class FakeGateway : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly FakeLicenseStore _store;
    private int _stopped;

    private FakeGateway(WebApplication app, FakeLicenseStore store, string name, Uri address)
    {
        _app = app;
        _store = store;
        Name = name;
        BaseAddress = address;
    }

    public string Name { get; }

    /// <summary><c>http://127.0.0.1:port/</c>.</summary>
    public Uri BaseAddress { get; }

    public int Port => BaseAddress.Port;

    /// <summary>Starts a gateway on <paramref name="port"/> (0: any free port) and lists it among the store's gateways.</summary>
    public static async Task<FakeGateway> StartAsync(FakeLicenseStore store, string name, CancellationToken cancellationToken, int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Urls.Add($"http://127.0.0.1:{port}");
        Map(app, store, name);
        await app.StartAsync(cancellationToken);
        var address = new Uri(app.Urls.Single().TrimEnd('/') + "/");
        store.AddGateway(address);
        return new FakeGateway(app, store, name, address);
    }

    /// <summary>A loopback port nothing listens on: connections to it are refused.</summary>
    public static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }

        _store.RemoveGateway(BaseAddress);
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }

    private static void Map(IEndpointRouteBuilder app, FakeLicenseStore store, string name)
    {
        app.MapGet("/healthz", () => Results.Ok());
        app.MapGet("/api/v1/cluster/gateways", store.GatewaysAnswer);
        // Explicit return types: an "async (HttpContext) =>" lambda would bind to RequestDelegate and drop the IResult.
        app.MapPost("/api/v1/sessions", async Task<IResult> (HttpContext context) =>
            store.Login(await ReadAsync(context, ContractsJsonContext.Default.LoginRequest)));
        app.MapPost("/api/v1/sessions/{id}/heartbeat", (string id) => store.Heartbeat(id, name));
        app.MapPost("/api/v1/sessions/{id}/features", async Task<IResult> (string id, HttpContext context) =>
            store.CheckOut(id, await ReadAsync(context, ContractsJsonContext.Default.CheckOutRequest)));
        app.MapDelete("/api/v1/sessions/{id}/features/{feature}", (string id, string feature) => store.CheckIn(id, feature));
        app.MapDelete("/api/v1/sessions/{id}", (string id) => store.Logout(id));
    }

    private static async Task<T?> ReadAsync<T>(HttpContext context, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
        where T : class
    {
        try
        {
            return await context.Request.ReadFromJsonAsync(type, context.RequestAborted);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
