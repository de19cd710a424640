using System.Security.Claims;
using Microsoft.Extensions.Options;
using OrleansLicense.Contracts.Backup;
using OrleansLicense.Contracts.Errors;
using OrleansLicense.Grains.Backup;
using OrleansLicense.Grains.Errors;
using OrleansLicense.Licensing.Borrowing;
using OrleansLicense.Silo.Endpoints;
using OrleansLicense.Silo.Errors;
using OrleansLicense.Silo.Security;

namespace OrleansLicense.Silo.Backup;

/// <summary>
/// <c>/api/v1/admin/backup</c> (R-BAK-1..6, R-REL-1): view, create online or from files, sync now, settings
/// export/import and dissolve. Each change is logged naming the admin.
/// </summary>
internal static class BackupEndpoints
{
    private const string AdminPrefix = "/api/v1/admin/backup";

    public static void MapBackupEndpoints(this IEndpointRouteBuilder routes)
    {
        var backup = routes.MapGroup(AdminPrefix).WithTags("Backup").RequireAuthorization(AdminAuthentication.Policy);

        backup.MapGet("", Get)
            .WithName("GetBackup")
            .WithSummary("View the backup relationship")
            .WithDescription("Both servers (names, addresses, roles, status), the state (connected, disconnected, dissolving), the last sync and its error, the settings version and the mapping. "
                + "On the backup, settings the primary syncs (client timeout, borrow rules, access rules, named admins) may be changed locally, but the next sync overwrites them. 404 not_in_relationship when there is none.")
            .Produces<BackupView>()
            .ProducesProblems(401, 404);

        backup.MapPost("", CreateOnlineAsync)
            .WithName("CreateBackup")
            .WithSummary("Create a backup relationship (on the primary, online)")
            .WithDescription("The backup's address, an admin token of the backup and the mapping [{primaryLicense, backupLicense}]. The primary fetches the backup's signed license list, checks the mapping "
                + "(same product, the backup license covers every feature), needs one enterprise license, and has the backup import the relationship. "
                + "Refusals: backup_mapping_invalid, enterprise_required, already_in_relationship (either server), partner_unreachable, partner_refused.")
            .Accepts<CreateBackupRequest>("application/json")
            .Produces<BackupView>(StatusCodes.Status201Created)
            .ProducesProblems(400, 401, 409, 422, 502, 503);

        backup.MapGet("/license-list", LicenseListAsync)
            .WithName("ExportBackupLicenseList")
            .WithSummary("This server's signed license list (on the backup)")
            .WithDescription("For creating a relationship offline: give it to 'olic backup create --backup-list' on the primary.")
            .Produces<object>(contentType: "application/json")
            .ProducesProblems(401);

        backup.MapPost("/offline", CreateOfflineAsync)
            .WithName("CreateBackupOffline")
            .WithSummary("Create a backup relationship from the backup's license list (on the primary)")
            .WithDescription("Body {backupList, mapping}. Stores the primary's side and answers the signed relationship file (.bkdat; it holds the link's credential: keep it secret) to import on the backup.")
            .Accepts<OfflineBackupRequest>("application/json")
            .Produces<object>(StatusCodes.Status201Created, "application/json")
            .ProducesProblems(400, 401, 409, 422);

        backup.MapPost("/import", ImportAsync)
            .WithName("ImportBackupRelationship")
            .WithSummary("Import a relationship file (on the backup)")
            .WithDescription("The .bkdat the primary wrote; its license list must be this server's own. Refusals: backup_file_invalid, backup_mapping_invalid, already_in_relationship.")
            .Accepts<object>("application/json")
            .Produces<BackupView>(StatusCodes.Status201Created)
            .ProducesProblems(400, 401, 409, 422);

        backup.MapPost("/sync", SyncNowAsync)
            .WithName("SyncBackupNow")
            .WithSummary("Sync the settings now (on the primary)")
            .WithDescription("Pushes the settings to the backup at once and answers the new state; a failure is in lastError.")
            .Produces<BackupView>()
            .ProducesProblems(401, 404, 409);

        backup.MapGet("/settings", ExportSettingsAsync)
            .WithName("ExportBackupSettings")
            .WithSummary("Export the settings (on the primary)")
            .WithDescription("The synced settings as a file signed by this server, for 'olic backup settings import' on the backup while the two are not connected.")
            .Produces<object>(contentType: "application/json")
            .ProducesProblems(401, 404, 409);

        backup.MapPost("/settings", ImportSettingsAsync)
            .WithName("ImportBackupSettings")
            .WithSummary("Import the primary's settings (on the backup)")
            .WithDescription("Checked against the primary's key; applied as one change. 409 settings_stale when an older export would replace newer settings.")
            .Accepts<object>("application/json")
            .Produces<BackupView>()
            .ProducesProblems(400, 401, 404, 409, 422);

        backup.MapDelete("", DissolveAsync)
            .WithName("DissolveBackup")
            .WithSummary("Dissolve the backup relationship")
            .WithDescription("Works with the partner down: the state is then 'dissolving' until the partner is told (it is retried every sync period); ?force=true forgets it here at once without telling the partner.")
            .Produces<BackupDissolved>()
            .ProducesProblems(401, 404);
    }

    private static IRelationshipGrain Grain(IGrainFactory grains) => grains.GetGrain<IRelationshipGrain>(IRelationshipGrain.Key);

    private static ILogger Log(ILoggerFactory loggers) => loggers.CreateLogger(BackupLog.Category);

    private static async Task<IResult> Get(IGrainFactory grains, IOptions<BackupOptions> options, TimeProvider clock)
        => await Grain(grains).Get().ConfigureAwait(false) is { } status ? View(status, options, clock) : NotInRelationship();

    private static async Task<IResult> CreateOnlineAsync(
        CreateBackupRequest request, ClaimsPrincipal user, IGrainFactory grains, BackupSetup setup, PartnerHttp partner, IOptions<BackupOptions> options, TimeProvider clock, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Backup) || !Uri.TryCreate(request.Backup, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            return ApiProblems.BadRequest("backup: the backup server's address, e.g. https://backup.example:8276.");
        }

        if (string.IsNullOrWhiteSpace(request.AdminToken))
        {
            return ApiProblems.BadRequest("adminToken: an admin token of the backup server (creating needs admin rights on both servers, R-REL-1).");
        }

        await setup.EnsureFreeAsync().ConfigureAwait(false);
        var address = request.Backup.TrimEnd('/');
        var list = await partner.SendAsync([address], HttpMethod.Get, AdminPrefix + "/license-list", request.AdminToken, null, cancellationToken).ConfigureAwait(false);
        return await CreatedAsync(
            async () =>
            {
                var created = await setup.CreatePrimaryAsync(
                    list, request.Mapping ?? [], address, file => partner.SendAsync([address], HttpMethod.Post, AdminPrefix + "/import", request.AdminToken, file, cancellationToken), cancellationToken).ConfigureAwait(false);

                // The backup is known to answer: the answer shows the first sync done.
                return (await Grain(grains).SyncNow(cancellationToken).ConfigureAwait(false), created.File);
            },
            created => View(created.Status, options, clock, StatusCodes.Status201Created),
            user,
            loggers).ConfigureAwait(false);
    }

    private static async Task<IResult> LicenseListAsync(ClaimsPrincipal user, BackupSetup setup, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var list = await setup.LicenseListAsync(cancellationToken).ConfigureAwait(false);
        BackupLog.ListExported(Log(loggers), AdminCaller.Of(user));
        return Results.Text(list, "application/json");
    }

    private static Task<IResult> CreateOfflineAsync(OfflineBackupRequest request, ClaimsPrincipal user, BackupSetup setup, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        if (request.BackupList.ValueKind != System.Text.Json.JsonValueKind.Object)
        {
            return Task.FromResult(ApiProblems.BadRequest("backupList: the backup's license list file ('olic license export-list' on the backup)."));
        }

        return CreatedAsync(
            () => setup.CreatePrimaryAsync(request.BackupList.GetRawText(), request.Mapping ?? [], null, null, cancellationToken),
            created => Results.Text(created.File, "application/json", statusCode: StatusCodes.Status201Created),
            user,
            loggers);
    }

    private static async Task<IResult> CreatedAsync(
        Func<Task<(BackupStatus Status, string File)>> create, Func<(BackupStatus Status, string File), IResult> answer, ClaimsPrincipal user, ILoggerFactory loggers)
    {
        (BackupStatus Status, string File) created;
        try
        {
            created = await create().ConfigureAwait(false);
        }
        catch (SignedFileException refused)
        {
            return ApiProblems.Result(refused.Code, refused.Message);
        }

        var relationship = created.Status.Relationship;
        BackupLog.Created(Log(loggers), AdminCaller.Of(user), relationship.Id, BackupViews.RoleName(relationship.Role), relationship.Partner.Name);
        return answer(created);
    }

    private static async Task<IResult> ImportAsync(HttpContext http, ClaimsPrincipal user, BackupSetup setup, IOptions<BackupOptions> options, TimeProvider clock, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var (text, problem) = await RawJsonBody.ReadAsync(http.Request, cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        return await CreatedAsync(
            async () => (await setup.ImportAsync(text!, cancellationToken).ConfigureAwait(false), ""),
            created => View(created.Status, options, clock, StatusCodes.Status201Created),
            user,
            loggers).ConfigureAwait(false);
    }

    private static async Task<IResult> SyncNowAsync(ClaimsPrincipal user, IGrainFactory grains, IOptions<BackupOptions> options, TimeProvider clock, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var status = await Grain(grains).SyncNow(cancellationToken).ConfigureAwait(false);
        BackupLog.Synced(Log(loggers), AdminCaller.Of(user), status.Relationship.Id, status.SettingsVersion, status.LastError ?? "none");
        return View(status, options, clock);
    }

    private static async Task<IResult> ExportSettingsAsync(ClaimsPrincipal user, IGrainFactory grains, BackupSettingsCodec codec, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var settings = await Grain(grains).Snapshot(cancellationToken).ConfigureAwait(false);
        BackupLog.SettingsFile(Log(loggers), AdminCaller.Of(user), "exported", settings.Version, settings.RelationshipId);
        return Results.Text(codec.Write(settings), "application/json");
    }

    private static async Task<IResult> ImportSettingsAsync(
        HttpContext http, ClaimsPrincipal user, IGrainFactory grains, IOptions<BackupOptions> options, TimeProvider clock, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var (text, problem) = await RawJsonBody.ReadAsync(http.Request, cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        if (await Grain(grains).Get().ConfigureAwait(false) is not { Dissolving: false } current)
        {
            return NotInRelationship();
        }

        if (current.Relationship.Role != BackupRole.Backup)
        {
            return ApiProblems.Result(ErrorCodes.Conflict, "This server is the primary: import the settings on the backup.");
        }

        SyncedSettings settings;
        try
        {
            settings = BackupSettingsCodec.Read(text!, current.Relationship);
        }
        catch (SignedFileException refused)
        {
            return ApiProblems.Result(refused.Code, refused.Message);
        }

        var status = await Grain(grains).ApplySettings(settings, cancellationToken).ConfigureAwait(false);
        BackupLog.SettingsFile(Log(loggers), AdminCaller.Of(user), "imported", settings.Version, settings.RelationshipId);
        return View(status, options, clock);
    }

    private static async Task<IResult> DissolveAsync(bool? force, ClaimsPrincipal user, IGrainFactory grains, BackupSnapshot snapshot, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var id = (await Grain(grains).Get().ConfigureAwait(false))?.Relationship.Id;
        if (id is null)
        {
            return NotInRelationship();
        }

        var left = await Grain(grains).Dissolve(force == true, cancellationToken).ConfigureAwait(false);
        snapshot.Update(left);
        var state = left is null ? "dissolved" : "dissolving";
        BackupLog.Dissolved(Log(loggers), AdminCaller.Of(user), id, state + (left?.LastError is { } error ? $" ({error})" : ""));
        return Results.Json(new BackupDissolved(id, state), BackupJsonContext.Default.BackupDissolved);
    }

    private static IResult View(BackupStatus status, IOptions<BackupOptions> options, TimeProvider clock, int statusCode = StatusCodes.Status200OK)
        => Results.Json(BackupViews.Of(status, options.Value.SyncPeriod, clock.GetUtcNow()), BackupJsonContext.Default.BackupView, statusCode: statusCode);

    private static IResult NotInRelationship()
        => ApiProblems.Result(ErrorCodes.NotInRelationship, "This server is in no backup relationship ('olic backup create' on the primary).", StatusCodes.Status404NotFound);
}
