using OrleansLicense.Licensing.Keys;
using OrleansLicense.Testing;

namespace OrleansLicense.Grains.Tests.Support;

/// <summary>Per test class: a temp folder, a clock, a vendor key and a running silo that tests may restart.</summary>
public abstract class SiloTestBase : IAsyncLifetime
{
    private readonly TempDirectory _dir = new("olic-grains");

    internal ManualClock Clock { get; } = new();

    internal VendorKeyPair Vendor { get; } = VendorKeyPair.Generate();

    internal LicenseSilo Silo { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Silo = await LicenseSilo.StartAsync(_dir.File("olic.db"), Clock, Vendor);

    public async ValueTask DisposeAsync()
    {
        await Silo.DisposeAsync();
        _dir.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Stops the silo (gracefully, or not at all when simulating a crash is not needed) and starts a new one on the same file.</summary>
    internal async Task RestartAsync()
    {
        await Silo.DisposeAsync();
        Silo = await LicenseSilo.StartAsync(_dir.File("olic.db"), Clock, Vendor);
    }

    /// <summary>Polls a condition a bounded number of times, yielding between polls (grain work runs on the thread pool).</summary>
    internal static async Task<bool> Eventually(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 500; i++)
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(2, TestContext.Current.CancellationToken);
        }

        return false;
    }
}
