using OrleansLicense.Contracts.Sessions;

namespace OrleansLicense.Grains.Borrows;

/// <summary>The stored borrow.</summary>
public sealed class BorrowState
{
    public BorrowStatus Status { get; set; }

    public string LicenseId { get; set; } = "";

    public string Product { get; set; } = "";

    public List<FeatureRequest> Features { get; set; } = [];

    public DateTimeOffset BorrowedAt { get; set; }

    public DateTimeOffset Until { get; set; }

    public bool Returnable { get; set; }

    public ClientInfo? Client { get; set; }

    public string Fingerprint { get; set; } = "";

    public OfflineBorrowRequest? Offline { get; set; }

    public DateTimeOffset? EndedAt { get; set; }

    /// <summary>The id of the offline return file that ended the borrow, if one did.</summary>
    public string? ReturnRequestId { get; set; }
}
