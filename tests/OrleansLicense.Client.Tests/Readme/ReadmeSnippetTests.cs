namespace OrleansLicense.Client.Tests.Readme;

/// <summary>Issue 4's acceptance: the README's "use it from your program" section compiles as written.</summary>
public sealed class ReadmeSnippetTests
{
    [Fact]
    public void The_readme_shows_the_compiled_snippet_verbatim()
    {
        // LicensedStartup.cs is compiled into this test project; the README must show exactly it.
        var readme = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "README.md")).ReplaceLineEndings("\n");
        var snippet = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "LicensedStartup.cs.txt")).ReplaceLineEndings("\n").TrimEnd();

        Assert.Contains($"```csharp\n{snippet}\n```", readme, StringComparison.Ordinal);
        Assert.Equal("LicensedStartup", typeof(LicensedStartup).Name);
    }
}
