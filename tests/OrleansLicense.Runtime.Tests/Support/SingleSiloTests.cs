using OrleansLicense.Runtime.Hosting;
using OrleansLicense.Testing;

namespace OrleansLicense.Runtime.Tests.Support;

/// <summary>
/// Base of the single-silo test classes: a temp folder with the silo's SQLite file, the silo,
/// and a restart on the same file. Subclasses pick the clock and runtime options.
/// </summary>
public abstract class SingleSiloTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();

    internal TestSilo Silo { get; private set; } = null!;

    internal string DatabasePath => _dir.File("silo.db");

    /// <summary>The silo's clock; null for the test silo's default (a manual clock nobody advances).</summary>
    protected virtual TimeProvider? Clock => null;

    public virtual async ValueTask InitializeAsync() => Silo = await StartAsync();

    public async ValueTask DisposeAsync()
    {
        await Silo.DisposeAsync();
        _dir.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Runtime options for this class's silos.</summary>
    protected virtual void Configure(RuntimeOptions options)
    {
    }

    /// <summary>Stops the silo and starts a new one on the same file (optionally sharing a probe across both).</summary>
    internal async Task RestartAsync(Probe? probe = null)
    {
        await Silo.DisposeAsync();
        Silo = await StartAsync(probe);
    }

    /// <summary>Stops the silo without starting another (the next start is up to the test).</summary>
    internal Task StopAsync() => Silo.DisposeAsync().AsTask();

    /// <summary>Starts a silo on this class's file and makes it the current one.</summary>
    internal async Task<TestSilo> StartAsync(Probe? probe = null) => Silo = await TestSilo.StartAsync(DatabasePath, Clock, Configure, probe);
}
