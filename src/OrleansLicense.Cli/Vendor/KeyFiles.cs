using System.Security.Cryptography;
using System.Text;

namespace OrleansLicense.Cli.Vendor;

/// <summary>Reads and writes the vendor key pair files.</summary>
internal static class KeyFiles
{
    public const string PrivateKeyFileName = "vendor.key.pem";

    /// <summary>Ends in <c>.pub.pem</c> so a server's trusted-keys folder picks the file up as is.</summary>
    public const string PublicKeyFileName = "vendor.pub.pem";

    /// <summary>
    /// Writes a secret through a temporary file created with mode 0600 and then renamed, so the key
    /// is never readable by others, not even for the moment between create and chmod.
    /// </summary>
    public static async Task WriteSecretAsync(string path, string text, bool overwrite, CancellationToken ct)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            var stream = new FileStream(temporary, options);
            await using (stream.ConfigureAwait(false))
            {
                await stream.WriteAsync(Encoding.UTF8.GetBytes(text), ct).ConfigureAwait(false);
                await stream.FlushAsync(ct).ConfigureAwait(false);
            }

            File.Move(temporary, path, overwrite);
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }
}
