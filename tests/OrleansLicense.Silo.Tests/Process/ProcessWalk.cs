using OrleansLicense.Testing;
using OrleansLicense.Testing.Silo;

namespace OrleansLicense.Silo.Tests.Process;

/// <summary>
/// What a walk with the built programs needs: a working folder whose ./data is the silo's data folder (where olic
/// looks by default), an HTTP client, and the silo processes it started, stopped when the test ends.
/// </summary>
public abstract class ProcessWalk(string folderPrefix) : IAsyncLifetime
{
    private readonly List<SiloProcess> _silos = [];

    /// <summary>The working folder of olic and the silo.</summary>
    protected TempDirectory Work { get; } = new(folderPrefix);

    /// <summary>A client for the gateway and admin APIs.</summary>
    protected HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>The silo's data folder: ./data of the working folder.</summary>
    protected string Data => Work.File("data");

    /// <summary>The test's cancellation token.</summary>
    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <inheritdoc />
    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var silo in _silos)
        {
            await silo.DisposeAsync();
        }

        Http.Dispose();
        Work.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Starts the built silo on <see cref="Data"/> and waits until it serves.</summary>
    protected async Task<SiloProcess> StartSiloAsync()
    {
        var silo = await SiloProcess.StartAsync(new SiloProcessOptions { DataFolder = Data, WorkingDirectory = Work.Path }, Ct);
        _silos.Add(silo);
        return silo;
    }
}
