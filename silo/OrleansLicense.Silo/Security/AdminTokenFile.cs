using System.Buffers.Text;
using System.Security.Cryptography;
using OrleansLicense.Silo.Configuration;

namespace OrleansLicense.Silo.Security;

/// <summary>
/// The <c>admin.token</c> file: 32 random bytes, base64url, generated on first start with mode 0600, then
/// replaced by the cluster's token when another silo offered one first (<see cref="AdminTokenLoader"/>).
/// </summary>
internal static class AdminTokenFile
{
    /// <summary>Random bytes in a token: 256 bits, beyond guessing.</summary>
    public const int TokenBytes = 32;

    /// <summary>Reads the token, generating and storing a new one when the file does not exist.</summary>
    /// <exception cref="SiloStartupException">The file cannot be read or written.</exception>
    public static string LoadOrCreate(string path)
    {
        // A token written by an older silo (or by hand) may still be readable by others.
        DataFolder.ProtectSecretFile(path);
        var existing = OneLineFile.Read(path);
        if (existing is not null)
        {
            return existing;
        }

        var token = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(TokenBytes));
        try
        {
            // Not overwriting: a token another process wrote first stays the token.
            var written = OneLineFile.Write(path, token, ownerOnly: true, overwrite: false);
            return written ? token : OneLineFile.Read(path)!;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new SiloStartupException($"Cannot write the admin token file '{path}': {ex.Message}", ex);
        }
    }

    /// <summary>
    /// Replaces the file with <paramref name="token"/>, with mode 0600 and through a renamed temporary file, so
    /// the CLI reading it (or a crash) sees the old token or the new one, never a torn line.
    /// </summary>
    /// <exception cref="SiloStartupException">The file cannot be written.</exception>
    public static void Replace(string path, string token)
    {
        try
        {
            OneLineFile.Write(path, token, ownerOnly: true, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new SiloStartupException($"Cannot write the admin token file '{path}': {ex.Message}", ex);
        }
    }
}
