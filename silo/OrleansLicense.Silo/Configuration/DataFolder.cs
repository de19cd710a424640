namespace OrleansLicense.Silo.Configuration;

/// <summary>
/// The silo's data folder and the fixed names inside it. The CLI finds the local silo through
/// <see cref="EndpointPath"/> and <see cref="AdminTokenPath"/>, so those names are a contract.
/// The folder and its sub-folders are the owner's alone (0700), and the files holding secrets (admin
/// token, server key; the SQLite storage makes its database files so too) 0600: other local users can read neither.
/// </summary>
internal sealed class DataFolder : IDisposable
{
    /// <summary>The SQLite database file.</summary>
    public const string DatabaseFileName = "olic.db";

    /// <summary>The admin bearer token (one line).</summary>
    public const string AdminTokenFileName = "admin.token";

    /// <summary>The silo's base URL for local tools (one line).</summary>
    public const string EndpointFileName = "endpoint";

    /// <summary>This server's random identity (one line).</summary>
    public const string ServerIdFileName = "server.id";

    /// <summary>Trusted vendor public keys (<c>*.pub.pem</c>).</summary>
    public const string KeysFolderName = "keys";

    /// <summary>Log files.</summary>
    public const string LogsFolderName = "logs";

    /// <summary>Held open and locked while a silo runs on the folder: a second silo on it is refused (issue #14 item 14).</summary>
    public const string LockFileName = "silo.lock";

    /// <summary>The mode of the folder and its sub-folders: the owner's alone.</summary>
    public const UnixFileMode FolderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>The mode of a file holding a secret: read and written by the owner alone.</summary>
    public const UnixFileMode SecretFileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private DataFolder(string root)
    {
        Root = root;
        DatabasePath = Path.Combine(root, DatabaseFileName);
        AdminTokenPath = Path.Combine(root, AdminTokenFileName);
        EndpointPath = Path.Combine(root, EndpointFileName);
        ServerIdPath = Path.Combine(root, ServerIdFileName);
        KeysFolder = Path.Combine(root, KeysFolderName);
        LogsFolder = Path.Combine(root, LogsFolderName);
    }

    /// <summary>The absolute path of the folder.</summary>
    public string Root { get; }

    public string DatabasePath { get; }

    public string AdminTokenPath { get; }

    public string EndpointPath { get; }

    public string ServerIdPath { get; }

    public string KeysFolder { get; }

    public string LogsFolder { get; }

    /// <summary>The open, exclusively locked <see cref="LockFileName"/>; closed (unlocked) when the silo stops.</summary>
    private FileStream? _lock;

    /// <summary>Lets the folder go for the next silo.</summary>
    public void Dispose()
    {
        _lock?.Dispose();
        _lock = null;
    }

    /// <summary>
    /// Creates the folder and its sub-folders when missing, with mode 0700, and takes the group's and others'
    /// rights away from folders that exist already (an older silo made them 0755).
    /// </summary>
    /// <param name="path">The configured path; relative to the current directory.</param>
    /// <exception cref="SiloStartupException">The folders cannot be created or restricted.</exception>
    public static DataFolder Prepare(string path)
    {
        var folder = new DataFolder(Path.GetFullPath(path));
        try
        {
            foreach (var directory in new[] { folder.Root, folder.KeysFolder, folder.LogsFolder })
            {
                if (OperatingSystem.IsWindows())
                {
                    Directory.CreateDirectory(directory);
                }
                else
                {
                    Directory.CreateDirectory(directory, FolderMode);
                    Restrict(directory, FolderMode);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new SiloStartupException($"Cannot create the data folder '{folder.Root}' for its owner alone (mode 0700): {ex.Message}", ex);
        }

        folder.TakeLock();
        return folder;
    }

    /// <summary>
    /// Opens the lock file without sharing: on Linux and macOS .NET takes an exclusive advisory lock (flock) on it, on
    /// Windows a share-none handle; either way a second process fails here, and the lock goes when this process ends,
    /// even by SIGKILL, so no stale lock outlives a crash.
    /// </summary>
    /// <exception cref="SiloStartupException">Another silo holds the folder.</exception>
    private void TakeLock()
    {
        var path = Path.Combine(Root, LockFileName);
        try
        {
            _lock = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException ex)
        {
            throw new SiloStartupException($"The data folder '{Root}' is in use by another silo (it holds {path}); give each silo its own --data folder, or stop the other one first.", ex);
        }

        // The holder's process id, for whoever looks at the folder; the lock, not the content, is what counts.
        _lock.SetLength(0);
        var pid = System.Text.Encoding.ASCII.GetBytes($"{Environment.ProcessId}\n");
        _lock.Write(pid);
        _lock.Flush();
    }

    /// <summary>Takes the group's and others' rights away from an existing file holding a secret (written by an older silo).</summary>
    /// <exception cref="SiloStartupException">The mode cannot be changed.</exception>
    public static void ProtectSecretFile(string path)
    {
        if (OperatingSystem.IsWindows() || !File.Exists(path))
        {
            return;
        }

        try
        {
            Restrict(path, SecretFileMode);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new SiloStartupException($"Cannot make '{path}' readable by its owner alone (mode 0600): {ex.Message}", ex);
        }
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static void Restrict(string path, UnixFileMode mode)
    {
        var current = File.GetUnixFileMode(path);
        if ((current & ~mode) != 0)
        {
            File.SetUnixFileMode(path, current & mode);
        }
    }
}
