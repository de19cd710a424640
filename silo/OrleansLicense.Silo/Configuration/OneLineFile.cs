using System.Text;

namespace OrleansLicense.Silo.Configuration;

/// <summary>Reads and writes the data folder's one-line files (token, server id, endpoint) so that readers never see half a line.</summary>
internal static class OneLineFile
{
    /// <summary>The first non-blank line, trimmed; null when the file does not exist.</summary>
    /// <exception cref="SiloStartupException">The file exists but cannot be read or is empty.</exception>
    public static string? Read(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new SiloStartupException($"Cannot read '{path}': {ex.Message}", ex);
        }

        return text.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0)
            ?? throw new SiloStartupException($"'{path}' is empty; delete it to have a new one generated.");
    }

    /// <summary>
    /// Writes <paramref name="line"/> through a temporary file that is then renamed over
    /// <paramref name="path"/>: a crash leaves the old file or the new one, never a torn one.
    /// With <paramref name="ownerOnly"/> the file is created with mode 0600 from the start, so a
    /// secret is never readable by others, not even between create and chmod.
    /// </summary>
    /// <returns>False when <paramref name="overwrite"/> is false and the file appeared meanwhile (another process won).</returns>
    public static bool Write(string path, string line, bool ownerOnly, bool overwrite)
    {
        var directory = Path.GetDirectoryName(path)!;
        var temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (ownerOnly && !OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            using (var stream = new FileStream(temporary, options))
            {
                stream.Write(Encoding.UTF8.GetBytes(line + "\n"));

                // Durable before the rename: the name must never point at an empty file after a power cut.
                stream.Flush(flushToDisk: true);
            }

            try
            {
                File.Move(temporary, path, overwrite);
            }
            catch (IOException) when (!overwrite && File.Exists(path))
            {
                return false;
            }

            return true;
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
