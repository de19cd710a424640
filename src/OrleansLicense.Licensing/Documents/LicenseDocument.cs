namespace OrleansLicense.Licensing.Documents;

/// <summary>
/// The content of a license, the part covered by the vendor's signature. Serialised as camelCase
/// JSON by <see cref="LicenseJson"/>; every member is required in JSON (nullable ones as explicit null).
/// </summary>
/// <param name="Id">The serial number.</param>
/// <param name="Product">The product name.</param>
/// <param name="Edition">The edition.</param>
/// <param name="IssuedAt">When the license was issued.</param>
/// <param name="Expires">When the license stops working (valid while now &lt; Expires); null = never.</param>
/// <param name="Flags">Capabilities.</param>
/// <param name="Features">Licensed features; at least one, names unique ignoring case.</param>
/// <param name="Binding">Server or cluster binding (R-LIC-3).</param>
public sealed record LicenseDocument(
    string Id,
    string Product,
    LicenseEdition Edition,
    DateTimeOffset IssuedAt,
    DateTimeOffset? Expires,
    LicenseFlags Flags,
    IReadOnlyList<LicenseFeature> Features,
    LicenseBinding Binding)
{
    /// <summary>Value equality, comparing <see cref="Features"/> element by element (a record would compare the list reference).</summary>
    public bool Equals(LicenseDocument? other) =>
        other is not null
        && Id == other.Id
        && Product == other.Product
        && Edition == other.Edition
        && IssuedAt.Equals(other.IssuedAt)
        && Nullable.Equals(Expires, other.Expires)
        && Equals(Flags, other.Flags)
        && Features.SequenceEqual(other.Features)
        && Equals(Binding, other.Binding);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Id);
        hash.Add(Product);
        hash.Add(Edition);
        hash.Add(IssuedAt);
        hash.Add(Expires);
        hash.Add(Flags);
        foreach (var feature in Features)
        {
            hash.Add(feature);
        }

        hash.Add(Binding);
        return hash.ToHashCode();
    }
}
