using OrleansLicense.Contracts.Borrows;
using OrleansLicense.Grains.Borrows;
using OrleansLicense.Silo.Borrowing;
using OrleansLicense.Silo.Errors;

namespace OrleansLicense.Silo.Endpoints.Borrows;

/// <summary>The client API of borrowing (R-BOR-1..5; Bit_CheckOutSn, Bit_CheckOutFeatures, Bit_CheckIn).</summary>
internal static class BorrowGatewayEndpoints
{
    public static void MapBorrowGatewayEndpoints(this IEndpointRouteBuilder routes)
    {
        var borrows = routes.MapGroup("/api/v1/borrows").WithTags("Borrows");

        borrows.MapPost("", BorrowAsync)
            .WithName("Borrow")
            .WithSummary("Borrow seats for offline use")
            .WithDescription("Lends seats of the named features (none named: one seat of every feature, like Bit_CheckOutSn) of a borrowable license "
                + "for 'hours' (at most the product's borrow rule, default 720 h; 422 borrow_limit names the limit), or with 'distribute' "
                + "permanently (100 years, never returnable) from a distributable license. Answers the borrow and a certificate signed by the "
                + "server's key for the client to keep while offline.")
            .Produces<BorrowResponse>(StatusCodes.Status201Created)
            .ProducesProblems(400, 403, 404, 409, 413, 422, 503);

        borrows.MapGet("/server-key", ServerKey)
            .WithName("GetServerKey")
            .WithSummary("The server's signing key")
            .WithDescription("The public key that signs borrow certificates, usage exports and peak logs; clients may pin it.")
            .Produces<ServerKeyView>();

        borrows.MapGet("/{id}", GetAsync)
            .WithName("GetBorrow")
            .WithSummary("Show a borrow")
            .WithDescription("The borrow with its status (active, returned, expired).")
            .Produces<BorrowView>()
            .ProducesProblems(404);

        borrows.MapDelete("/{id}", ReturnAsync)
            .WithName("ReturnBorrow")
            .WithSummary("Return borrowed seats early")
            .WithDescription("Gives the seats back at once (Bit_CheckIn). 422 not_returnable for a distribution; returning an ended borrow answers 204 again.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblems(404, 409, 422);
    }

    private static async Task<IResult> BorrowAsync(BorrowRequest request, HttpContext context, IGrainFactory grains, ServerSigningKey key, CancellationToken cancellationToken)
    {
        var response = await BorrowCalls.BorrowAsync(request, Gateway.ClientAddress.Of(context).IsLoopback, grains, key, cancellationToken).ConfigureAwait(false);
        return Results.Created($"/api/v1/borrows/{response.Borrow.BorrowId}", response);
    }

    private static IResult ServerKey(ServerSigningKey key) => Results.Ok(new ServerKeyView(key.KeyId, key.Key.ExportPublicKeyPem()));

    private static async Task<IResult> GetAsync(string id, IGrainFactory grains)
    {
        var info = BorrowIds.IsWellFormed(id) ? await grains.GetGrain<IBorrowGrain>(id).Get().ConfigureAwait(false) : null;
        return info is null ? Unknown(id) : Results.Ok(BorrowViews.View(info));
    }

    private static async Task<IResult> ReturnAsync(string id, IGrainFactory grains, CancellationToken cancellationToken)
    {
        await BorrowCalls.ReturnAsync(id, grains, cancellationToken).ConfigureAwait(false);
        return Results.NoContent();
    }

    internal static IResult Unknown(string id) => ApiProblems.NotFound($"There is no borrow '{id}'.");
}
