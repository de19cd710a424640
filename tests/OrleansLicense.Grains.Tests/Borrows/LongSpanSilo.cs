using OrleansLicense.Grains.Sessions;
using OrleansLicense.Grains.Tests.Support;
using OrleansLicense.Licensing.Keys;
using OrleansLicense.Testing;

namespace OrleansLicense.Grains.Tests.Borrows;

/// <summary>
/// A silo for tests whose clock moves months: the pools' lease sweeps run once a day instead of every few seconds,
/// so advancing the manual clock does not fire millions of timer ticks. Stop and start it on the same file to
/// simulate downtime.
/// </summary>
internal sealed class LongSpanSilo : IAsyncDisposable
{
    private readonly TempDirectory _dir = new("olic-long");
    private LicenseSilo? _silo;

    public ManualClock Clock { get; } = new();

    public VendorKeyPair Vendor { get; } = VendorKeyPair.Generate();

    public IGrainFactory Grains => Running.Grains;

    public ISessionLogins Logins => Running.Logins;

    public SiloAddress Address => Running.Address;

    private LicenseSilo Running => _silo ?? throw new InvalidOperationException("Not running.");

    public static async Task<LongSpanSilo> StartNewAsync()
    {
        var silo = new LongSpanSilo();
        await silo.StartAsync();
        return silo;
    }

    public async Task StartAsync()
        => _silo = await LicenseSilo.StartAsync(_dir.File("olic.db"), Clock, Vendor, o => o.LeaseSweepInterval = TimeSpan.FromDays(1));

    public async Task StopAsync()
    {
        if (_silo is not null)
        {
            await _silo.DisposeAsync();
            _silo = null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _dir.Dispose();
    }
}
