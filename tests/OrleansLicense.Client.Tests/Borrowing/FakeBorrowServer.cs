using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using OrleansLicense.Contracts;
using OrleansLicense.Contracts.Borrows;
using OrleansLicense.Contracts.Errors;
using OrleansLicense.Contracts.Sessions;
using OrleansLicense.Contracts.Usage;
using OrleansLicense.Licensing.Borrowing;
using OrleansLicense.Licensing.Keys;

namespace OrleansLicense.Client.Tests.Borrowing;

/// <summary>
/// A gateway on loopback with just enough of the borrow, usage and session API: borrows signed with its own key, a
/// borrow limit of 720 hours, and forced authentication that refuses logins or heartbeats until a usage upload arrives.
/// </summary>
internal sealed class FakeBorrowServer : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly WebApplication _app;
    private readonly TimeProvider _clock;
    private readonly List<UsageUploadRequest> _uploads = [];
    private readonly List<string> _returned = [];
    private int _logins;
    private int _heartbeatsOk;
    private bool _loginNeedsUsage;
    private bool _heartbeatNeedsUsage;

    private FakeBorrowServer(WebApplication app, TimeProvider clock)
    {
        _app = app;
        _clock = clock;
    }

    public VendorKeyPair ServerKey { get; } = VendorKeyPair.Generate();

    public string Address { get; private set; } = "";

    public IReadOnlyList<UsageUploadRequest> Uploads
    {
        get
        {
            lock (_gate)
            {
                return [.. _uploads];
            }
        }
    }

    public IReadOnlyList<string> Returned
    {
        get
        {
            lock (_gate)
            {
                return [.. _returned];
            }
        }
    }

    public int Logins => Volatile.Read(ref _logins);

    public int HeartbeatsOk => Volatile.Read(ref _heartbeatsOk);

    public static async Task<FakeBorrowServer> StartAsync(TimeProvider clock, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Urls.Add("http://127.0.0.1:0");
        var server = new FakeBorrowServer(app, clock);
        server.Map();
        await app.StartAsync(cancellationToken);
        server.Address = app.Urls.Single().TrimEnd('/') + "/";
        return server;
    }

    /// <summary>The next logins are refused with usage_upload_required until a usage upload arrives.</summary>
    public void RequireUsageForLogin()
    {
        lock (_gate)
        {
            _loginNeedsUsage = true;
        }
    }

    /// <summary>The next heartbeats are refused with usage_upload_required until a usage upload arrives.</summary>
    public void RequireUsageForHeartbeat()
    {
        lock (_gate)
        {
            _heartbeatNeedsUsage = true;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }

    private static IResult Problem(int status, string code, string detail)
        => Results.Json(new ApiProblem(null, code, status, detail, code), ContractsJsonContext.Default.ApiProblem, "application/problem+json", status);

    private static async Task<T> ReadAsync<T>(HttpContext context, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
        => (await JsonSerializer.DeserializeAsync(context.Request.Body, type, context.RequestAborted))!;

    private void Map()
    {
        _app.MapPost("/api/v1/sessions", async Task<IResult> (HttpContext context) =>
        {
            var request = await ReadAsync(context, ContractsJsonContext.Default.LoginRequest);
            Interlocked.Increment(ref _logins);
            lock (_gate)
            {
                if (_loginNeedsUsage)
                {
                    return Problem(403, ErrorCodes.UsageUploadRequired, "License 'L1' requires a usage upload every 24 hour(s).");
                }
            }

            return Results.Json(new LoginResponse("s1", 120, 60, "L1", request.Features, [], "fake"), ContractsJsonContext.Default.LoginResponse, statusCode: 201);
        });
        _app.MapPost("/api/v1/sessions/{id}/heartbeat", () =>
        {
            lock (_gate)
            {
                if (_heartbeatNeedsUsage)
                {
                    return Problem(403, ErrorCodes.UsageUploadRequired, "License 'L1' requires a usage upload every 24 hour(s).");
                }
            }

            Interlocked.Increment(ref _heartbeatsOk);
            return Results.Json(new HeartbeatResponse(120, 60), ContractsJsonContext.Default.HeartbeatResponse);
        });
        _app.MapDelete("/api/v1/sessions/{id}", () => Results.NoContent());
        _app.MapPost("/api/v1/usage", async Task<IResult> (HttpContext context) =>
        {
            var upload = await ReadAsync(context, ContractsJsonContext.Default.UsageUploadRequest);
            lock (_gate)
            {
                _uploads.Add(upload);
                _loginNeedsUsage = _heartbeatNeedsUsage = false;
            }

            return Results.Json(new UsageUploadResponse(["L1"], _clock.GetUtcNow().AddHours(24)), ContractsJsonContext.Default.UsageUploadResponse);
        });
        _app.MapGet("/api/v1/borrows/server-key", () => Results.Json(new ServerKeyView(ServerKey.KeyId, ServerKey.ExportPublicKeyPem()), ContractsJsonContext.Default.ServerKeyView));
        _app.MapPost("/api/v1/borrows", async Task<IResult> (HttpContext context) =>
        {
            var request = await ReadAsync(context, ContractsJsonContext.Default.BorrowRequest);
            if (!request.Distribute && request.Hours > 720)
            {
                return Problem(422, ErrorCodes.BorrowLimit, $"Borrowing for {request.Hours} hours is over the limit of 720 hours.");
            }

            var now = _clock.GetUtcNow();
            var id = "b" + new string('1', 32);
            IReadOnlyList<FeatureRequest> features = request.Features is { Count: > 0 } f ? f : [new FeatureRequest("draw", 1)];
            var until = request.Distribute ? now.AddYears(100) : now.AddHours(request.Hours);
            var view = new BorrowView(id, "L1", request.Product, features, now, until, !request.Distribute, false, "active", request.Client, null);
            var certificate = BorrowCertificate.Issue(
                new BorrowCertificateContent("", id, "L1", request.Product, [.. features.Select(x => new BorrowedFeature(x.Name, x.Count))], now, until, !request.Distribute, false, request.Client?.Fingerprint ?? "", null, null, ""),
                ServerKey);
            return Results.Json(new BorrowResponse(view, certificate), ContractsJsonContext.Default.BorrowResponse, statusCode: 201);
        });
        _app.MapDelete("/api/v1/borrows/{id}", (string id) =>
        {
            lock (_gate)
            {
                _returned.Add(id);
            }

            return Results.NoContent();
        });
    }
}
