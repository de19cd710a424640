namespace OrleansLicense.Silo.Tests.Infrastructure;

/// <summary>The repository the tests were built from: README, .ci, .gitignore, deploy/.</summary>
public static class Repository
{
    /// <summary>The folder holding OrleansLicense.sln, found upwards from the test output folder.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>A path inside the repository.</summary>
    public static string File(string relative) => Path.Combine(Root, relative);

    /// <summary>README.md with "\n" line ends.</summary>
    public static string Readme => System.IO.File.ReadAllText(File("README.md")).ReplaceLineEndings("\n");

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (System.IO.File.Exists(Path.Combine(folder.FullName, "OrleansLicense.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No OrleansLicense.sln above {AppContext.BaseDirectory}.");
    }
}
