using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OrleansLicense.Contracts;
using OrleansLicense.Contracts.Admin;
using OrleansLicense.Contracts.Errors;
using OrleansLicense.Contracts.Sessions;
using OrleansLicense.Licensing.Keys;
using OrleansLicense.Licensing.Signing;

namespace OrleansLicense.Cli.Tests.Infrastructure;

/// <summary>
/// The admin API of API.md on a real Kestrel socket, with just enough state to behave like a silo:
/// bearer check, license import through the real verifier, problem details with stable codes.
/// Every request is recorded so tests can assert what the CLI sent.
/// </summary>
internal sealed class FakeAdminApi : IAsyncDisposable
{
    public const string Token = "test-admin-token";
    public const string ClusterId = "test-cluster";
    private const string BodyItem = "recorded-body";

    private readonly Lock gate = new();
    private readonly TrustedKeyStore trustedKeys;
    private readonly List<RecordedRequest> requests = [];
    private readonly Dictionary<string, CannedResponse> canned = new(StringComparer.Ordinal);
    private readonly Dictionary<string, LicenseView> licenses = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SessionView> sessions = new(StringComparer.Ordinal);
    private SettingsView settings = new(SessionTimeouts.DefaultSeconds, false, new Dictionary<string, BorrowRuleView>());
    private WebApplication? app;

    private FakeAdminApi(TrustedKeyStore trustedKeys)
    {
        this.trustedKeys = trustedKeys;
    }

    public string BaseUrl { get; private set; } = "";

    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (gate)
            {
                return [.. requests];
            }
        }
    }

    public RecordedRequest SingleRequest => Assert.Single(Requests);

    public SettingsView Settings
    {
        get
        {
            lock (gate)
            {
                return settings;
            }
        }

        set
        {
            lock (gate)
            {
                settings = value;
            }
        }
    }

    /// <summary>Starts on a free loopback port; the fake trusts the given vendor keys for imports.</summary>
    public static async Task<FakeAdminApi> StartAsync(TrustedKeyStore trustedKeys, CancellationToken ct)
    {
        var fake = new FakeAdminApi(trustedKeys);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        fake.app = app;
        app.Use(fake.RecordAndAuthenticateAsync);
        fake.MapRoutes(app);
        await app.StartAsync(ct);
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!;
        fake.BaseUrl = addresses.Addresses.Single();
        return fake;
    }

    /// <summary>A fake that trusts a fresh, unused key (for tests that never import).</summary>
    public static Task<FakeAdminApi> StartAsync(CancellationToken ct) =>
        StartAsync(new TrustedKeyStore([new TrustedKey(VendorKeyPair.Generate().PublicKey)]), ct);

    public void AddLicense(LicenseView license)
    {
        lock (gate)
        {
            licenses[license.Id] = license;
        }
    }

    public LicenseView? FindLicense(string id)
    {
        lock (gate)
        {
            return licenses.GetValueOrDefault(id);
        }
    }

    public void AddSession(SessionView session)
    {
        lock (gate)
        {
            sessions[session.SessionId] = session;
        }
    }

    public bool HasSession(string id)
    {
        lock (gate)
        {
            return sessions.ContainsKey(id);
        }
    }

    /// <summary>The next request with this method and path gets the response instead of the normal handler.</summary>
    public void RespondOnce(string method, string path, CannedResponse response)
    {
        lock (gate)
        {
            canned[$"{method} {path}"] = response;
        }
    }

    /// <summary>The next request with this method and path gets a problem details body with the code.</summary>
    public void FailOnce(string method, string path, int status, string code, string detail) =>
        RespondOnce(method, path, new CannedResponse(
            status,
            "application/problem+json",
            JsonSerializer.Serialize(new ApiProblem(null, code.Replace('_', ' '), status, detail, code), ContractsJsonContext.Default.ApiProblem)));

    public async ValueTask DisposeAsync()
    {
        if (app is not null)
        {
            await app.StopAsync(CancellationToken.None);
            await app.DisposeAsync();
        }
    }

    private static IResult Problem(int status, string code, string detail) =>
        Results.Json(new ApiProblem(null, code.Replace('_', ' '), status, detail, code), ContractsJsonContext.Default.ApiProblem, "application/problem+json", status);

    private static string Body(HttpContext context) => (string)context.Items[BodyItem]!;

    private static LicenseView ToView(OrleansLicense.Licensing.Documents.LicenseDocument document) => new(
        document.Id,
        document.Product,
        document.Edition.ToString().ToLowerInvariant(),
        document.Expires,
        new LicenseFlagsView(document.Flags.Borrowable, document.Flags.Distributable, document.Flags.UsageStatistics, document.Flags.PeakUpload, document.Flags.LocalOnly, document.Flags.Agentable),
        "active",
        [.. document.Features.Select(f => new FeatureView(f.Name, f.Seats, 0, 0, f.Seats, 0))]);

    private async Task RecordAndAuthenticateAsync(HttpContext context, RequestDelegate next)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        context.Items[BodyItem] = body;
        var request = new RecordedRequest(
            context.Request.Method,
            context.Request.Path.Value ?? "",
            context.Request.Headers.Authorization.Count > 0 ? context.Request.Headers.Authorization.ToString() : null,
            context.Request.ContentType,
            body);
        CannedResponse? response;
        lock (gate)
        {
            requests.Add(request);
            // Removed under the lock, so a canned answer is used exactly once.
            _ = canned.Remove($"{request.Method} {request.Path}", out response);
        }

        if (response is not null)
        {
            context.Response.StatusCode = response.Status;
            context.Response.ContentType = response.ContentType;
            await context.Response.WriteAsync(response.Body, context.RequestAborted);
            return;
        }

        if (request.Authorization != $"Bearer {Token}")
        {
            await Problem(StatusCodes.Status401Unauthorized, ErrorCodes.Unauthorized, "The admin token is missing or wrong.").ExecuteAsync(context);
            return;
        }

        await next(context);
    }

    private void MapRoutes(WebApplication web)
    {
        const string Admin = "/api/v1/admin";
        web.MapGet($"{Admin}/status", GetStatus);
        web.MapGet($"{Admin}/settings", () => Results.Json(Settings, ContractsJsonContext.Default.SettingsView));
        web.MapPut($"{Admin}/settings", PutSettings);
        web.MapPut($"{Admin}/maintenance", PutMaintenance);
        web.MapPost($"{Admin}/licenses", ImportLicense);
        web.MapGet($"{Admin}/licenses", ListLicenses);
        web.MapGet($"{Admin}/licenses/{{id}}", GetLicense);
        web.MapDelete($"{Admin}/licenses/{{id}}", DeactivateLicense);
        web.MapGet($"{Admin}/sessions", ListSessions);
        web.MapDelete($"{Admin}/sessions/{{id}}", RemoveSession);
    }

    private IResult GetStatus(HttpContext context)
    {
        lock (gate)
        {
            // As the server: a dead silo's row is counted, and listed only with ?dead=true (issue #14 item 16).
            SiloView[] silos =
            [
                new SiloView("silo-a", "10.0.0.1:11111", "active", "primary", true, 42),
                new SiloView("silo-b", "10.0.0.2:11111", "active", "secondary", false, 17),
                new SiloView("silo-c", "10.0.0.3:11111", "dead", null, false, 0),
            ];
            var dead = context.Request.Query["dead"] == "true";
            var status = new StatusView(
                ClusterId,
                "triad",
                settings.Maintenance ? "maintenance" : "normal",
                [.. silos.Where(s => dead || s.Status != "dead")],
                licenses.Count,
                sessions.Count,
                "1.0.0-test",
                DeadSilos: 1);
            return Results.Json(status, ContractsJsonContext.Default.StatusView);
        }
    }

    private IResult PutSettings(HttpContext context)
    {
        SettingsView? requested;
        try
        {
            requested = JsonSerializer.Deserialize(Body(context), ContractsJsonContext.Default.SettingsView);
        }
        catch (JsonException ex)
        {
            return Problem(400, ErrorCodes.BadRequest, $"Malformed JSON: {ex.Message}");
        }

        if (requested?.BorrowRules is null)
        {
            return Problem(400, ErrorCodes.BadRequest, "borrowRules is missing.");
        }

        if (!SessionTimeouts.IsValid(requested.ClientTimeoutSeconds))
        {
            return Problem(400, ErrorCodes.BadRequest, $"clientTimeoutSeconds must be 60 to 172800, not {requested.ClientTimeoutSeconds}.");
        }

        if (requested.BorrowRules.FirstOrDefault(r => r.Value.MaxHours is < 1 or > 4320) is { Key: not null } bad)
        {
            return Problem(400, ErrorCodes.BadRequest, $"borrowRules.{bad.Key}.maxHours must be 1 to 4320, not {bad.Value.MaxHours}.");
        }

        Settings = requested;
        return Results.Json(requested, ContractsJsonContext.Default.SettingsView);
    }

    private IResult PutMaintenance(HttpContext context)
    {
        MaintenanceRequest? requested;
        try
        {
            requested = JsonSerializer.Deserialize(Body(context), ContractsJsonContext.Default.MaintenanceRequest);
        }
        catch (JsonException ex)
        {
            return Problem(400, ErrorCodes.BadRequest, $"Malformed JSON: {ex.Message}");
        }

        if (requested?.Mode is not ("maintenance" or "normal"))
        {
            return Problem(400, ErrorCodes.BadRequest, "mode must be 'maintenance' or 'normal'.");
        }

        lock (gate)
        {
            settings = settings with { Maintenance = requested.Mode == "maintenance" };
            return Results.Json(settings, ContractsJsonContext.Default.SettingsView);
        }
    }

    private IResult ImportLicense(HttpContext context)
    {
        if (context.Request.ContentType?.StartsWith("application/json", StringComparison.Ordinal) != true)
        {
            return Problem(400, ErrorCodes.BadRequest, "The license must be sent as application/json.");
        }

        try
        {
            var document = LicenseVerifier.Verify(Body(context), trustedKeys, DateTimeOffset.UtcNow, server: null);
            var view = ToView(document);
            AddLicense(view);
            return Results.Json(view, ContractsJsonContext.Default.LicenseView, statusCode: StatusCodes.Status201Created);
        }
        catch (LicenseValidationException ex)
        {
            return Problem(422, ex.Code, ex.Message);
        }
    }

    private IResult ListLicenses()
    {
        lock (gate)
        {
            return Results.Json(licenses.Values.OrderBy(l => l.Id, StringComparer.Ordinal).ToList(), ContractsJsonContext.Default.ListLicenseView);
        }
    }

    private IResult GetLicense(string id) =>
        FindLicense(id) is { } license
            ? Results.Json(license, ContractsJsonContext.Default.LicenseView)
            : Problem(404, ErrorCodes.NotFound, $"License '{id}' is not known.");

    private IResult DeactivateLicense(string id)
    {
        lock (gate)
        {
            if (!licenses.TryGetValue(id, out var license))
            {
                return Problem(404, ErrorCodes.NotFound, $"License '{id}' is not known.");
            }

            licenses[id] = license with { Status = "deactivated" };
            return Results.NoContent();
        }
    }

    private IResult ListSessions()
    {
        lock (gate)
        {
            return Results.Json(sessions.Values.OrderBy(s => s.SessionId, StringComparer.Ordinal).ToList(), ContractsJsonContext.Default.ListSessionView);
        }
    }

    private IResult RemoveSession(string id)
    {
        lock (gate)
        {
            return sessions.Remove(id)
                ? Results.NoContent()
                : Problem(404, ErrorCodes.NotFound, $"Session '{id}' is not known.");
        }
    }
}
