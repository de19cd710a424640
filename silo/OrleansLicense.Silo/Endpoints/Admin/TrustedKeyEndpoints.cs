using System.Security.Claims;
using OrleansLicense.Contracts.Admin;
using OrleansLicense.Grains.Licenses;
using OrleansLicense.Silo.Errors;
using OrleansLicense.Silo.Logging;
using OrleansLicense.Silo.Security;

namespace OrleansLicense.Silo.Endpoints.Admin;

/// <summary>
/// Admin API of trusted vendor keys (issue #14 item 13): keys added here are stored once for the grid and trusted by
/// every silo; the list also shows this silo's own keys folder and configured keys.
/// </summary>
internal static class TrustedKeyEndpoints
{
    public static void MapTrustedKeyEndpoints(this RouteGroupBuilder admin)
    {
        var keys = admin.MapGroup("/keys").WithTags("Trusted keys");

        keys.MapPost("", AddAsync)
            .WithName("AddTrustedKey")
            .WithSummary("Trust a vendor key on every silo")
            .WithDescription("Stores the vendor's public key (the PEM of 'olic vendor keygen', vendor.pub.pem) in the grid: every silo "
                + "verifies licenses with it from then on. Adding a key already trusted answers it again.")
            .Produces<TrustedKeyView>(StatusCodes.Status201Created)
            .ProducesProblems(400, 401, 413);

        keys.MapGet("", ListAsync)
            .WithName("ListTrustedKeys")
            .WithSummary("List trusted vendor keys")
            .WithDescription("The grid's keys, then this silo's keys folder and configured keys.")
            .Produces<List<TrustedKeyView>>()
            .ProducesProblems(401);

        keys.MapDelete("/{keyId}", RemoveAsync)
            .WithName("RemoveTrustedKey")
            .WithSummary("Stop trusting a grid key")
            .WithDescription("Removes a key from the grid's trusted keys; licenses already imported stay. Keys in a silo's folder are removed by deleting the file.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblems(401, 404);
    }

    private static async Task<IResult> AddAsync(AddTrustedKeyRequest request, ClaimsPrincipal user, IGrainFactory grains, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request?.Pem))
        {
            return ApiProblems.BadRequest("pem: the vendor's public key PEM is required.");
        }

        var entry = await grains.GetGrain<ITrustedKeysGrain>(ITrustedKeysGrain.GridKey).Add(request.Pem, cancellationToken).ConfigureAwait(false);
        SiloLog.LogInformationTrustedKeyAdded(loggers.CreateLogger(AdminEndpoints.LogCategory), entry.KeyId, AdminCaller.Of(user));
        return Results.Created($"/api/v1/admin/keys/{Uri.EscapeDataString(entry.KeyId)}", new TrustedKeyView(entry.KeyId, "grid", entry.AddedAt, entry.Pem));
    }

    private static async Task<IResult> ListAsync(IGrainFactory grains, TrustedKeyProvider provider)
    {
        var grid = await grains.GetGrain<ITrustedKeysGrain>(ITrustedKeysGrain.GridKey).List().ConfigureAwait(false);
        var views = grid.Select(k => new TrustedKeyView(k.KeyId, "grid", k.AddedAt, k.Pem)).ToList();
        foreach (var key in provider.Load().Keys.Where(k => views.TrueForAll(v => v.KeyId != k.KeyId)).OrderBy(k => k.KeyId, StringComparer.Ordinal))
        {
            views.Add(new TrustedKeyView(key.KeyId, "folder", null, key.Key.ExportPem()));
        }

        return Results.Ok(views);
    }

    private static async Task<IResult> RemoveAsync(string keyId, ClaimsPrincipal user, IGrainFactory grains, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        if (!await grains.GetGrain<ITrustedKeysGrain>(ITrustedKeysGrain.GridKey).Remove(keyId, cancellationToken).ConfigureAwait(false))
        {
            return ApiProblems.NotFound($"The grid trusts no key '{keyId}' (keys in a silo's keys folder are removed by deleting the file).");
        }

        SiloLog.LogInformationTrustedKeyRemoved(loggers.CreateLogger(AdminEndpoints.LogCategory), keyId, AdminCaller.Of(user));
        return Results.NoContent();
    }
}
