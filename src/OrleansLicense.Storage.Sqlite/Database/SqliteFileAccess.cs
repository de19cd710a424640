using System.Runtime.Versioning;
using Microsoft.Extensions.Logging;

namespace OrleansLicense.Storage.Sqlite.Database;

/// <summary>
/// Keeps the database readable by its owner only: it holds the cluster's secrets (admin token, server
/// key) in plain text. The file is created with mode 0600 before SQLite first opens it; SQLite gives
/// the <c>-wal</c>, <c>-shm</c> and <c>-journal</c> files it creates the mode of the database file,
/// and files an older build left wider are narrowed. A missing folder is created with mode 0700.
/// Nothing is done on Windows, where files inherit the folder's access list.
/// </summary>
internal static class SqliteFileAccess
{
    /// <summary>Read and write for the owner, nothing for anyone else.</summary>
    public const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private const UnixFileMode OwnerOnlyFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>The files SQLite keeps beside the database.</summary>
    public static readonly string[] CompanionSuffixes = ["-wal", "-shm", "-journal"];

    /// <summary>Creates the folder and the empty database file owner-only when missing, and narrows wider modes.</summary>
    public static void Prepare(string dataSource, ILogger logger)
    {
        var folder = Path.GetDirectoryName(dataSource);
        if (!string.IsNullOrEmpty(folder) && !Directory.Exists(folder))
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(folder);
            }
            else
            {
                Directory.CreateDirectory(folder, OwnerOnlyFolder);
            }
        }

        if (OperatingSystem.IsWindows())
        {
            return;
        }

        if (!File.Exists(dataSource))
        {
            try
            {
                // An empty file is an empty SQLite database; created here, it never exists with a wider mode.
                using var created = new FileStream(dataSource, new FileStreamOptions
                {
                    Mode = FileMode.CreateNew,
                    Access = FileAccess.Write,
                    UnixCreateMode = OwnerOnly,
                });
            }
            catch (IOException) when (File.Exists(dataSource))
            {
                // Another process created it first; narrowed below like any existing file.
            }
        }

        foreach (var path in (string[])[dataSource, .. CompanionSuffixes.Select(suffix => dataSource + suffix)])
        {
            Narrow(path, logger);
        }
    }

    [UnsupportedOSPlatform("windows")]
    private static void Narrow(string path, ILogger logger)
    {
        UnixFileMode mode;
        try
        {
            mode = File.GetUnixFileMode(path);
        }
        catch (FileNotFoundException)
        {
            return;
        }

        if ((mode & ~OwnerOnly & (UnixFileMode)0b111_111_111) == 0)
        {
            return;
        }

        File.SetUnixFileMode(path, mode & OwnerOnly);
        SqliteLog.LogWarningFileModeNarrowed(logger, path, mode);
    }
}
