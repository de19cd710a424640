using OrleansLicense.Contracts.Borrows;
using OrleansLicense.Grains.Borrows;
using OrleansLicense.Grains.Errors;
using OrleansLicense.Silo.Borrowing;

namespace OrleansLicense.Silo.Endpoints.Borrows;

/// <summary>
/// A client's borrow and early return (R-BOR-1..5), shared by the HTTP endpoints and the Orleans client API: the
/// same validation and grain calls; refusals are <see cref="LicensingException"/>s.
/// </summary>
internal static class BorrowCalls
{
    /// <summary>Lends the seats and signs the certificate; <paramref name="fromThisMachine"/>: the borrower is on the server's machine (R-LIC-5).</summary>
    public static async Task<BorrowResponse> BorrowAsync(BorrowRequest request, bool fromThisMachine, IGrainFactory grains, ServerSigningKey key, CancellationToken cancellationToken)
    {
        if (BorrowRequestValidator.Validate(request) is { } problem)
        {
            throw LicensingException.BadRequest(problem);
        }

        var id = BorrowIds.New();
        var info = await grains.GetGrain<IBorrowGrain>(id)
            .Borrow(new BorrowCommand(request.Product, request.LicenseId, request.Features ?? [], request.Hours, request.Distribute, request.Client, Offline: null, FromThisMachine: fromThisMachine), cancellationToken)
            .ConfigureAwait(false);
        return new BorrowResponse(BorrowViews.View(info), BorrowViews.Certificate(info, key));
    }

    /// <summary>Gives a borrow's seats back; an ended borrow returns again without error.</summary>
    public static Task ReturnAsync(string id, IGrainFactory grains, CancellationToken cancellationToken)
    {
        if (!BorrowIds.IsWellFormed(id))
        {
            throw LicensingException.NotFound($"There is no borrow '{id}'.");
        }

        return grains.GetGrain<IBorrowGrain>(id).Return(cancellationToken);
    }
}
