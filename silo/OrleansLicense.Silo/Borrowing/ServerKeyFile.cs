using OrleansLicense.Licensing.Keys;
using OrleansLicense.Silo.Configuration;

namespace OrleansLicense.Silo.Borrowing;

/// <summary>
/// The server's signing key, <c>server.key.pem</c> in the data folder: a P-256 PKCS#8 PEM generated on first
/// start with mode 0600, like <c>admin.token</c>, then replaced by the cluster's key when another silo offered
/// one first (<see cref="ServerSigningKeyLoader"/>). It signs borrow certificates, usage exports and peak logs.
/// </summary>
internal static class ServerKeyFile
{
    /// <summary>The file name in the data folder.</summary>
    public const string FileName = "server.key.pem";

    /// <summary>Reads the key, generating and storing a new one when the file does not exist.</summary>
    /// <exception cref="SiloStartupException">The file cannot be read, written, or is not a P-256 private key.</exception>
    public static VendorKeyPair LoadOrCreate(string path)
    {
        // A key written by an older silo may still be readable by others.
        DataFolder.ProtectSecretFile(path);
        if (!File.Exists(path))
        {
            var key = VendorKeyPair.Generate();
            try
            {
                // Not overwriting: a key another process wrote first stays the key.
                if (OneLineFile.Write(path, key.ExportPrivateKeyPem().TrimEnd('\n'), ownerOnly: true, overwrite: false))
                {
                    return key;
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new SiloStartupException($"Cannot write the server key file '{path}': {ex.Message}", ex);
            }
        }

        try
        {
            return VendorKeyPair.FromPrivateKeyPem(File.ReadAllText(path));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new SiloStartupException($"Cannot read the server key file '{path}': {ex.Message}", ex);
        }
        catch (FormatException ex)
        {
            throw new SiloStartupException($"'{path}' is not a P-256 private key PEM ({ex.Message}); delete it to have the cluster's key written back at start, or a new one generated when the cluster's store holds none (borrow certificates signed with the old key then no longer verify against a pinned key).", ex);
        }
    }

    /// <summary>
    /// Replaces the file with <paramref name="key"/>, with mode 0600 and through a renamed temporary file, so a
    /// reader (or a crash) sees the old key or the new one, never half of one.
    /// </summary>
    /// <exception cref="SiloStartupException">The file cannot be written.</exception>
    public static void Replace(string path, VendorKeyPair key)
    {
        try
        {
            OneLineFile.Write(path, key.ExportPrivateKeyPem().TrimEnd('\n'), ownerOnly: true, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new SiloStartupException($"Cannot write the server key file '{path}': {ex.Message}", ex);
        }
    }
}
