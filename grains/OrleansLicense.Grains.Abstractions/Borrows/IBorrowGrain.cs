using Orleans.Concurrency;

namespace OrleansLicense.Grains.Borrows;

/// <summary>
/// One borrow (key: the borrow id, see <see cref="BorrowIds"/>): seats of one or more features of a borrowable
/// license lent for a number of hours (R-BOR-1..5). The seats are events of the feature pools, so they count
/// against the seats like held ones; a durable reminder gives them back at expiry, on whichever silo is alive.
/// </summary>
public interface IBorrowGrain : IGrainWithStringKey
{
    /// <summary>Lends the seats, all or none, durably before answering.</summary>
    /// <exception cref="Errors.LicensingException">borrow_not_allowed, borrow_limit, seats_exhausted, not_found,
    /// license_expired, license_deactivated, usage_upload_required, borrow_replayed (offline request used before), bad_request.</exception>
    Task<BorrowInfo> Borrow(BorrowCommand command, CancellationToken cancellationToken);

    /// <summary>Gives the seats back early (Bit_CheckIn, or an administrator). Returning an ended borrow answers it unchanged.</summary>
    /// <exception cref="Errors.LicensingException">not_found; not_returnable for a distribution.</exception>
    Task<BorrowInfo> Return(CancellationToken cancellationToken);

    /// <summary>Gives the seats of an offline borrow back through a verified return file.</summary>
    /// <exception cref="Errors.LicensingException">not_found, not_returnable, borrow_replayed (already returned),
    /// borrow_file_invalid (not signed by the borrowing machine's request key), fingerprint_mismatch.</exception>
    Task<BorrowInfo> ReturnOffline(OfflineReturn request, CancellationToken cancellationToken);

    /// <summary>The borrow, or null when there is none under this id.</summary>
    [ReadOnly]
    Task<BorrowInfo?> Get();
}
