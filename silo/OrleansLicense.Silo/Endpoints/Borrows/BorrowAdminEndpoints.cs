using System.Security.Claims;
using OrleansLicense.Contracts.Borrows;
using OrleansLicense.Contracts.Sessions;
using OrleansLicense.Grains.Borrows;
using OrleansLicense.Grains.Queries;
using OrleansLicense.Licensing.Borrowing;
using OrleansLicense.Silo.Borrowing;
using OrleansLicense.Silo.Security;

namespace OrleansLicense.Silo.Endpoints.Borrows;

/// <summary>The admin API of borrows: list, show, return, and the offline borrow and return files (R-BOR-4).</summary>
internal static class BorrowAdminEndpoints
{
    public static void MapBorrowAdminEndpoints(this RouteGroupBuilder admin)
    {
        var borrows = admin.MapGroup("/borrows").WithTags("Borrows");

        borrows.MapGet("", ListAsync)
            .WithName("ListBorrows")
            .WithSummary("List borrows")
            .WithDescription("Every active borrow and distribution, oldest first.")
            .Produces<List<BorrowView>>()
            .ProducesProblems(401);

        borrows.MapGet("/{id}", ShowAsync)
            .WithName("AdminGetBorrow")
            .WithSummary("Show a borrow")
            .WithDescription("One borrow with its status.")
            .Produces<BorrowView>()
            .ProducesProblems(401, 404);

        borrows.MapDelete("/{id}", ReturnAsync)
            .WithName("AdminReturnBorrow")
            .WithSummary("Return a borrow")
            .WithDescription("Gives the borrow's seats back at once. 422 not_returnable for a distribution.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblems(401, 404, 409, 422);

        borrows.MapPost("/offline", LendOfflineAsync)
            .WithName("LendOffline")
            .WithSummary("Answer an offline borrow request file")
            .WithDescription("The body is the request file written on the offline machine (Bit_GetBorrowRequest). It is checked (signature, "
                + "expiry, never used before) and lent; the answer is the response file, a borrow certificate signed by the server's key, "
                + "for the offline machine to apply (Bit_ApplyBorrowInfo). Refusals: 422 borrow_file_invalid (tampered or malformed), "
                + "422 borrow_file_expired, 409 borrow_replayed, and the borrow refusals (borrow_limit, borrow_not_allowed, seats_exhausted).")
            .Accepts<string>("application/json")
            .Produces<string>(StatusCodes.Status201Created, "application/json")
            .ProducesProblems(400, 401, 403, 404, 409, 413, 422, 503);

        borrows.MapPost("/offline/return", ReturnOfflineAsync)
            .WithName("ReturnOffline")
            .WithSummary("Apply an offline return file")
            .WithDescription("The body is the return file written on the offline machine with the key of its request. The seats come back. "
                + "Refusals: 422 borrow_file_invalid (tampered, or not signed by the borrowing machine), 422 fingerprint_mismatch, "
                + "409 borrow_replayed (returned already), 422 not_returnable (a distribution).")
            .Accepts<string>("application/json")
            .Produces<BorrowView>()
            .ProducesProblems(400, 401, 404, 409, 413, 422);

        admin.MapGet("/server-key", (ServerSigningKey key) => Results.Ok(new ServerKeyView(key.KeyId, key.Key.ExportPublicKeyPem())))
            .WithTags("Borrows")
            .WithName("AdminGetServerKey")
            .WithSummary("The server's signing key")
            .WithDescription("The public key that signs borrow certificates, usage exports and peak logs.")
            .Produces<ServerKeyView>()
            .ProducesProblems(401);
    }

    private static async Task<IResult> ListAsync(LicenseQueries licenses, IGrainFactory grains, CancellationToken cancellationToken)
        => Results.Ok((await BorrowQueries.ListActiveAsync(licenses, grains, cancellationToken).ConfigureAwait(false)).Select(BorrowViews.View).ToList());

    private static async Task<IResult> ShowAsync(string id, IGrainFactory grains)
    {
        var info = BorrowIds.IsWellFormed(id) ? await grains.GetGrain<IBorrowGrain>(id).Get().ConfigureAwait(false) : null;
        return info is null ? BorrowGatewayEndpoints.Unknown(id) : Results.Ok(BorrowViews.View(info));
    }

    private static async Task<IResult> ReturnAsync(string id, ClaimsPrincipal user, IGrainFactory grains, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        if (!BorrowIds.IsWellFormed(id))
        {
            return BorrowGatewayEndpoints.Unknown(id);
        }

        await grains.GetGrain<IBorrowGrain>(id).Return(cancellationToken).ConfigureAwait(false);
        BorrowingLog.LogInformationAdminReturn(loggers.CreateLogger(BorrowingLog.Category), id, AdminCaller.Of(user));
        return Results.NoContent();
    }

    private static async Task<IResult> LendOfflineAsync(HttpRequest http, IGrainFactory grains, ServerSigningKey key, TimeProvider clock, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var (text, malformed) = await RawJsonBody.ReadAsync(http, cancellationToken).ConfigureAwait(false);
        if (text is null)
        {
            return malformed!;
        }

        VerifiedBorrowRequest request;
        try
        {
            request = BorrowRequestFile.Read(text, clock.GetUtcNow());
        }
        catch (SignedFileException refusal)
        {
            return SignedFileProblems.Refused(refusal, "borrow request file", loggers);
        }

        var content = request.Content;
        var command = new BorrowCommand(
            content.Product,
            content.LicenseId,
            [.. content.Features.Select(f => new FeatureRequest(f.Name, f.Count))],
            content.Hours,
            content.Distribute,
            new ClientInfo(content.User, content.Host, null, content.Fingerprint),
            new OfflineBorrowRequest(content.RequestId, request.Digest, content.ClientKey),
            FromThisMachine: false);
        var id = BorrowIds.ForRequest(content.RequestId);
        var info = await grains.GetGrain<IBorrowGrain>(id).Borrow(command, cancellationToken).ConfigureAwait(false);
        BorrowingLog.LogInformationOfflineBorrow(loggers.CreateLogger(BorrowingLog.Category), id, info.LicenseId, info.Fingerprint, info.Until, AdminCaller.Of(http.HttpContext.User));
        http.HttpContext.Response.Headers.ContentDisposition = $"attachment; filename=\"borrow-{id}.json\"";
        return Results.Text(BorrowViews.Certificate(info, key), "application/json", statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> ReturnOfflineAsync(HttpRequest http, IGrainFactory grains, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var (text, malformed) = await RawJsonBody.ReadAsync(http, cancellationToken).ConfigureAwait(false);
        if (text is null)
        {
            return malformed!;
        }

        BorrowReturnContent content;
        try
        {
            content = BorrowReturnFile.Read(text);
        }
        catch (SignedFileException refusal)
        {
            return SignedFileProblems.Refused(refusal, "borrow return file", loggers);
        }

        if (!BorrowIds.IsWellFormed(content.BorrowId))
        {
            return BorrowGatewayEndpoints.Unknown(content.BorrowId);
        }

        var info = await grains.GetGrain<IBorrowGrain>(content.BorrowId)
            .ReturnOffline(new OfflineReturn(content.RequestId, content.Fingerprint, content.ClientKey), cancellationToken)
            .ConfigureAwait(false);
        BorrowingLog.LogInformationOfflineReturn(loggers.CreateLogger(BorrowingLog.Category), info.BorrowId, content.Fingerprint, AdminCaller.Of(http.HttpContext.User));
        return Results.Ok(BorrowViews.View(info));
    }
}
