using System.Security.Cryptography;
using System.Text;
using OrleansLicense.Contracts.Errors;
using OrleansLicense.Grains.Backup;
using OrleansLicense.Licensing.Borrowing;
using OrleansLicense.Silo.Cluster;
using OrleansLicense.Silo.Endpoints;
using OrleansLicense.Silo.Errors;
using OrleansLicense.Silo.Peers;
using OrleansLicense.Silo.Security.Access;

namespace OrleansLicense.Silo.Backup;

/// <summary>
/// The link's routes, called by the partner grid (R-BAK-2, R-SEC-2): <c>Authorization: Bearer &lt;relationship
/// credential&gt;</c>, compared in constant time. A call without it or with a wrong one is 403 forbidden and logged;
/// like the agents' REST routes, a call from another computer over plain HTTP is 403 https_required. Wrong credentials
/// count against the caller's address in the admin token's throttle: after 10 in a minute every call from that
/// address is 429 too_many_requests with Retry-After until the minute ends, so the credential cannot be guessed.
/// </summary>
internal static class BackupLinkEndpoints
{
    private const string StatusItem = "olic.backup";

    public static void MapBackupLinkEndpoints(this IEndpointRouteBuilder routes)
    {
        var link = routes.MapGroup(HttpBackupPartnerLink.Prefix).WithTags("Backup link (partner)").CarriesPeerCredential().AddEndpointFilter(Authenticate);

        link.MapPost("/settings", ApplySettingsAsync)
            .WithName("BackupLinkSettings")
            .WithSummary("Receive the primary's settings")
            .WithDescription("The primary's signed settings (the same file as 'olic backup settings export'), applied on the backup as one change. 409 settings_stale for an older version.")
            .Accepts<object>("application/json")
            .Produces<BackupLinkApplied>()
            .ProducesProblems(400, 403, 409, 422, 429);

        link.MapPost("/dissolve", DissolveAsync)
            .WithName("BackupLinkDissolve")
            .WithSummary("The partner dissolved the relationship")
            .WithDescription("Forgets the relationship on this server.")
            .Accepts<BackupLinkDissolve>("application/json")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblems(403, 429);
    }

    private static ValueTask<object?> Authenticate(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var logger = http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(BackupLog.Category);
        var address = ClientAddress.Of(http)?.ToString() ?? "unknown";
        if (http.RequestServices.GetRequiredService<PlainHttpRule>().Refuses(http))
        {
            BackupLog.LinkRefused(logger, http.Request.Path, address, "plain HTTP from another computer");
            return ValueTask.FromResult<object?>(ApiProblems.Result(ErrorCodes.HttpsRequired, PlainHttpRule.Detail));
        }

        if (PeerCredentialRoutes.Throttled(http) is { } throttled)
        {
            return ValueTask.FromResult<object?>(throttled);
        }

        var presented = PeerCalls.BearerOf(http.Request);
        var status = http.RequestServices.GetRequiredService<BackupSnapshot>().Status;
        if (status is null || presented is null || !SameSecret(presented, status.Relationship.Credential))
        {
            BackupLog.LinkRefused(logger, http.Request.Path, address, presented is null ? "no credential" : status is null ? "no relationship here" : "wrong credential");
            if (presented is not null)
            {
                // Like the admin token, a call without any credential is not a guess.
                PeerCredentialRoutes.RecordFailure(http);
            }

            return ValueTask.FromResult<object?>(ApiProblems.Result(ErrorCodes.Forbidden, "This call needs 'Authorization: Bearer <relationship credential>' of this server's backup relationship."));
        }

        PeerCredentialRoutes.RecordSuccess(http);
        http.Items[StatusItem] = status;
        return next(context);
    }

    // Hashing first makes the comparison's time independent of both lengths.
    private static bool SameSecret(string presented, string expected)
        => CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(presented)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));

    private static async Task<IResult> ApplySettingsAsync(HttpContext http, IGrainFactory grains, GatewayList gateways, CancellationToken cancellationToken)
    {
        var (text, problem) = await RawJsonBody.ReadAsync(http.Request, cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        var status = (BackupStatus)http.Items[StatusItem]!;
        SyncedSettings settings;
        try
        {
            settings = BackupSettingsCodec.Read(text!, status.Relationship);
        }
        catch (SignedFileException refused)
        {
            return ApiProblems.Result(refused.Code, refused.Message);
        }

        var applied = await grains.GetGrain<IRelationshipGrain>(IRelationshipGrain.Key).ApplySettings(settings, cancellationToken).ConfigureAwait(false);
        return Results.Json(new BackupLinkApplied(applied.SettingsVersion, gateways.Current()), BackupJsonContext.Default.BackupLinkApplied);
    }

    private static async Task<IResult> DissolveAsync(BackupLinkDissolve request, IGrainFactory grains, BackupSnapshot snapshot, CancellationToken cancellationToken)
    {
        var relationship = grains.GetGrain<IRelationshipGrain>(IRelationshipGrain.Key);
        await relationship.PartnerDissolved(request.RelationshipId, cancellationToken).ConfigureAwait(false);
        snapshot.Update(await relationship.Get().ConfigureAwait(false));
        return Results.NoContent();
    }
}
