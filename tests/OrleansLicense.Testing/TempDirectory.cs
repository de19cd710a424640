namespace OrleansLicense.Testing;

/// <summary>A folder under the system temp folder, deleted with everything in it on dispose.</summary>
public sealed class TempDirectory : IDisposable
{
    private readonly bool _keepOnRequest;

    /// <param name="prefix">The start of the folder's name.</param>
    /// <param name="keepOnRequest">Keep the folder when <see cref="KeepRequested"/>: for data folders and logs worth a post-mortem.</param>
    public TempDirectory(string prefix = "olic-test", bool keepOnRequest = false)
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"{prefix}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path);
        _keepOnRequest = keepOnRequest;
    }

    /// <summary>OLIC_KEEP_TEST_DATA=1: folders made with keepOnRequest stay after the test.</summary>
    public static bool KeepRequested => Environment.GetEnvironmentVariable("OLIC_KEEP_TEST_DATA") == "1";

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        if (_keepOnRequest && KeepRequested)
        {
            return;
        }

        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A process may still hold a file for a moment; the OS cleans temp eventually.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
