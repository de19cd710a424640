using System.Diagnostics.CodeAnalysis;

namespace OrleansLicense.Licensing.Keys;

/// <summary>
/// The immutable set of vendor public keys a server trusts, looked up by key id.
/// </summary>
public sealed class TrustedKeyStore
{
    /// <summary>File name pattern of public keys picked up by <see cref="LoadFromFolder"/>.</summary>
    public const string PublicKeyFilePattern = "*.pub.pem";

    private readonly Dictionary<string, TrustedKey> byId;

    /// <summary>Creates a store from trusted keys.</summary>
    /// <exception cref="ArgumentException">Two entries share a key id, or a product list is empty or holds a blank name.</exception>
    public TrustedKeyStore(IEnumerable<TrustedKey> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        byId = new Dictionary<string, TrustedKey>(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            ArgumentNullException.ThrowIfNull(key);
            if (key.Products is { } products && (products.Count == 0 || products.Any(string.IsNullOrWhiteSpace)))
            {
                // An empty list would silently trust nothing; null is the spelling for "any product".
                throw new ArgumentException($"Key {key.KeyId}: the product list must be null (any product) or hold non-blank names.", nameof(keys));
            }

            // Duplicates are refused rather than merged: two entries for one key with different
            // product lists is a configuration mistake whose intent cannot be guessed.
            if (!byId.TryAdd(key.KeyId, key))
            {
                throw new ArgumentException($"Key {key.KeyId} is listed more than once.", nameof(keys));
            }
        }
    }

    /// <summary>Number of trusted keys.</summary>
    public int Count => byId.Count;

    /// <summary>The trusted keys, in no particular order.</summary>
    public IReadOnlyCollection<TrustedKey> Keys => byId.Values;

    /// <summary>A store trusting each PEM for any product.</summary>
    /// <exception cref="FormatException">A text is not a P-256 public key PEM.</exception>
    public static TrustedKeyStore FromPems(IEnumerable<string> pems)
    {
        ArgumentNullException.ThrowIfNull(pems);
        return new TrustedKeyStore(pems.Select(pem => TrustedKey.FromPem(pem)));
    }

    /// <summary>A store trusting, for any product, every <c>*.pub.pem</c> file in the folder.</summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="FormatException">A file is not a P-256 public key PEM (the message names it).</exception>
    public static TrustedKeyStore LoadFromFolder(string folder) => new(ReadFolder(folder));

    /// <summary>
    /// Reads every <c>*.pub.pem</c> file in the folder (sorted by name, not recursive) as trusted keys
    /// with the given product restriction, so callers can combine folders and inline PEMs.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="FormatException">A file is not a P-256 public key PEM (the message names it).</exception>
    public static IReadOnlyList<TrustedKey> ReadFolder(string folder, IReadOnlyList<string>? products = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        var files = Directory.GetFiles(folder, PublicKeyFilePattern, SearchOption.TopDirectoryOnly);
        Array.Sort(files, StringComparer.Ordinal);
        var keys = new List<TrustedKey>(files.Length);
        foreach (var file in files)
        {
            try
            {
                keys.Add(TrustedKey.FromPem(File.ReadAllText(file), products));
            }
            catch (FormatException ex)
            {
                throw new FormatException($"'{file}' is not a P-256 public key PEM: {ex.Message}", ex);
            }
        }

        return keys;
    }

    /// <summary>Looks a trusted key up by its id.</summary>
    public bool TryGet(string keyId, [NotNullWhen(true)] out TrustedKey? key) =>
        byId.TryGetValue(keyId, out key);
}
