using Microsoft.Extensions.FileProviders;

namespace OrleansLicense.Silo.Dashboard;

/// <summary>
/// The dashboard's built front end: <c>wwwroot/dashboard</c> beside the silo's assembly, where the
/// build copies the Vite bundle (and where publishing puts it). The program folder rather than the
/// content root, because the content root is the current directory, which anchors the data folder
/// and can be anywhere.
/// </summary>
internal sealed class DashboardBundle : IDisposable
{
    /// <summary>The path the dashboard is served at.</summary>
    public const string RequestPath = "/dashboard";

    /// <summary>The bundle of the running program.</summary>
    public DashboardBundle()
        : this(Path.Combine(AppContext.BaseDirectory, "wwwroot", "dashboard"))
    {
    }

    /// <summary>A bundle in <paramref name="folder"/>.</summary>
    public DashboardBundle(string folder)
    {
        Folder = Path.GetFullPath(folder);
        Files = Directory.Exists(Folder) ? new PhysicalFileProvider(Folder) : new NullFileProvider();
    }

    /// <summary>The folder holding index.html and assets/.</summary>
    public string Folder { get; }

    /// <summary>The bundle's files, for the static file middleware.</summary>
    public IFileProvider Files { get; }

    /// <summary>The page's HTML.</summary>
    public string IndexPath => Path.Combine(Folder, "index.html");

    /// <summary>True when the bundle has been built.</summary>
    public bool IsBuilt => File.Exists(IndexPath);

    public void Dispose() => (Files as IDisposable)?.Dispose();
}
