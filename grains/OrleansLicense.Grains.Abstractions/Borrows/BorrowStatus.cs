namespace OrleansLicense.Grains.Borrows;

/// <summary>The lifecycle of a borrow.</summary>
[GenerateSerializer]
public enum BorrowStatus
{
    /// <summary>No borrow under this id.</summary>
    None = 0,

    /// <summary>Recorded, seats being taken; a crash here is rolled back by the borrow's reminder.</summary>
    Pending = 1,

    /// <summary>The seats are lent.</summary>
    Active = 2,

    /// <summary>Given back early (check-in).</summary>
    Returned = 3,

    /// <summary>Ended at its expiry; the seats came back by themselves.</summary>
    Expired = 4,
}
