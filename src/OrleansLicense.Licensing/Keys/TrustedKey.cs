namespace OrleansLicense.Licensing.Keys;

/// <summary>
/// A vendor public key the server trusts, optionally restricted to some products
/// (null = any product), so a key leaked for one product cannot mint licenses for another.
/// </summary>
/// <param name="Key">The trusted public key.</param>
/// <param name="Products">Product names this key may sign (compared case-insensitively), or null for any.</param>
public sealed record TrustedKey(VendorPublicKey Key, IReadOnlyList<string>? Products = null)
{
    /// <summary>The key id of <see cref="Key"/>.</summary>
    public string KeyId => Key.KeyId;

    /// <summary>True when this key may sign licenses for the product.</summary>
    public bool AllowsProduct(string product) =>
        Products is null || Products.Contains(product, StringComparer.OrdinalIgnoreCase);

    /// <summary>A trusted key from a SubjectPublicKeyInfo PEM.</summary>
    /// <exception cref="FormatException">The text is not a P-256 public key PEM.</exception>
    public static TrustedKey FromPem(string pem, IReadOnlyList<string>? products = null) =>
        new(VendorPublicKey.FromPem(pem), products);
}
