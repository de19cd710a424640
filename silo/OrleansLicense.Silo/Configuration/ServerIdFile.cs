using System.Security.Cryptography;

namespace OrleansLicense.Silo.Configuration;

/// <summary>This server's identity (R-LIC-3 server binding): a random id generated on first start and kept in <c>server.id</c>.</summary>
internal static class ServerIdFile
{
    /// <summary>Reads the id, generating and storing a new one when the file does not exist.</summary>
    /// <exception cref="SiloStartupException">The file cannot be read or written.</exception>
    public static string LoadOrCreate(string path)
    {
        var existing = OneLineFile.Read(path);
        if (existing is not null)
        {
            return existing;
        }

        var id = "srv-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        try
        {
            // Not overwriting: if another process created the file first, its id is the one.
            return OneLineFile.Write(path, id, ownerOnly: false, overwrite: false) ? id : OneLineFile.Read(path)!;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new SiloStartupException($"Cannot write the server id file '{path}': {ex.Message}", ex);
        }
    }
}
