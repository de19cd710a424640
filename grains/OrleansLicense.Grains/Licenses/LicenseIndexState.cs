namespace OrleansLicense.Grains.Licenses;

/// <summary>The stored list of licenses, in import order.</summary>
public sealed class LicenseIndexState
{
    public List<LicenseIndexEntry> Entries { get; set; } = [];
}

/// <summary>One license in the index.</summary>
public sealed record LicenseIndexEntry(string LicenseId, string Product);
