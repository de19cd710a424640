using OrleansLicense.Licensing.Keys;
using OrleansLicense.Silo.Configuration;

namespace OrleansLicense.Silo.Borrowing;

/// <summary>
/// The server's own signing key, <c>server.key.pem</c> in the data folder: a P-256 PKCS#8 PEM generated on first
/// start with mode 0600, like <c>admin.token</c>. It signs borrow certificates, usage exports and peak logs.
/// </summary>
internal static class ServerKeyFile
{
    /// <summary>The file name in the data folder.</summary>
    public const string FileName = "server.key.pem";

    /// <summary>Reads the key, generating and storing a new one when the file does not exist.</summary>
    /// <exception cref="SiloStartupException">The file cannot be read, written, or is not a P-256 private key.</exception>
    public static VendorKeyPair LoadOrCreate(string path)
    {
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
            throw new SiloStartupException($"'{path}' is not a P-256 private key PEM ({ex.Message}); delete it to have a new one generated (borrow certificates signed with the old key then no longer verify against a pinned key).", ex);
        }
    }
}
