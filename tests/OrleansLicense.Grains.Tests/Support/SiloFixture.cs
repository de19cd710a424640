using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using OrleansLicense.Grains.Sessions;
using OrleansLicense.Licensing.Keys;
using OrleansLicense.Storage;
using OrleansLicense.Testing;

namespace OrleansLicense.Grains.Tests.Support;

/// <summary>Per test: a temp folder, a clock, a vendor key and a running silo that tests may restart.</summary>
public abstract class SiloTestBase : IAsyncLifetime
{
    private readonly TempDirectory _dir = new("olic-grains");

    internal ManualClock Clock { get; } = new();

    internal VendorKeyPair Vendor { get; } = VendorKeyPair.Generate();

    internal LicenseSilo Silo { get; private set; } = null!;

    internal string DatabasePath => _dir.File("olic.db");

    public virtual async ValueTask InitializeAsync() => Silo = await StartSiloAsync();

    public async ValueTask DisposeAsync()
    {
        await Silo.DisposeAsync();
        _dir.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Starts a silo on this test's file (override to change its options).</summary>
    internal virtual Task<LicenseSilo> StartSiloAsync() => LicenseSilo.StartAsync(DatabasePath, Clock, Vendor);

    /// <summary>Stops the silo gracefully and starts a new one on the same file.</summary>
    internal async Task RestartAsync()
    {
        await Silo.DisposeAsync();
        Silo = await StartSiloAsync();
    }

    /// <summary>Kills the silo as a crash would (nothing more is written) and starts a new one on the same file.</summary>
    internal async Task CrashAndRestartAsync()
    {
        await Silo.KillAsync();
        Silo = await StartSiloAsync();
    }

    /// <summary>What the grain storage holds for a session (its state is named "session").</summary>
    internal async Task<GrainState<SessionState>> StoredSessionAsync(string sessionId)
    {
        var storage = Silo.Cluster.Silos[0].ServiceProvider.GetRequiredKeyedService<IGrainStorage>(LicenseStorage.StateStorageName);
        var state = new GrainState<SessionState>();
        await storage.ReadStateAsync("session", GrainId.Create("session", sessionId), state, TestContext.Current.CancellationToken);
        return state;
    }

    /// <summary>Polls a condition until it holds, for at most 10 s (timer ticks and one-way calls land a little later).</summary>
    internal static async Task<bool> Eventually(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            if (await condition())
            {
                return true;
            }

            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(10, TestContext.Current.CancellationToken);
        }
    }
}
