namespace OrleansLicense.Silo.Configuration;

/// <summary>
/// The silo's data folder and the fixed names inside it. The CLI finds the local silo through
/// <see cref="EndpointPath"/> and <see cref="AdminTokenPath"/>, so those names are a contract.
/// </summary>
internal sealed class DataFolder
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

    /// <summary>Creates the folder and its sub-folders when missing.</summary>
    /// <param name="path">The configured path; relative to the current directory.</param>
    /// <exception cref="SiloStartupException">The folders cannot be created.</exception>
    public static DataFolder Prepare(string path)
    {
        var folder = new DataFolder(Path.GetFullPath(path));
        try
        {
            Directory.CreateDirectory(folder.Root);
            Directory.CreateDirectory(folder.KeysFolder);
            Directory.CreateDirectory(folder.LogsFolder);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new SiloStartupException($"Cannot create the data folder '{folder.Root}': {ex.Message}", ex);
        }

        return folder;
    }
}
