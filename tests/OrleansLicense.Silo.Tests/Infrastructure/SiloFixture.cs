using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using OrleansLicense.Storage;
using OrleansLicense.Testing;

namespace OrleansLicense.Silo.Tests.Infrastructure;

/// <summary>One in-process silo per test class: temporary data folder, manual clock, a trusted vendor, and clients.</summary>
public class SiloFixture : IAsyncLifetime
{
    private SiloFactory? _factory;

    public TempDirectory Folder { get; } = new("olic-silo");

    public ManualClock Clock { get; } = new();

    public TestVendor Vendor { get; } = new();

    public SiloFactory Factory => _factory ?? throw new InvalidOperationException("Not initialized.");

    /// <summary>A client of the gateway API (no credentials).</summary>
    public HttpClient Client { get; private set; } = null!;

    /// <summary>A client with the admin token of the data folder.</summary>
    public HttpClient Admin { get; private set; } = null!;

    /// <summary>Extra configuration for the silo (e.g. Licensing:LeaseSweepInterval).</summary>
    protected virtual IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>();

    public virtual async ValueTask InitializeAsync()
    {
        try
        {
            Vendor.TrustIn(Folder.Path);
            _factory = new SiloFactory(Folder.Path, Clock, Settings);
            Client = Factory.CreateClient();

            // The token file exists once the silo has started (CreateClient starts it).
            var token = (await File.ReadAllTextAsync(Folder.File("admin.token"), TestContext.Current.CancellationToken)).Trim();
            Admin = Factory.CreateClient();
            Admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        catch
        {
            // xunit does not dispose a fixture whose initialization failed; leave no folder behind.
            await DisposeAsync();
            throw;
        }
    }

    /// <summary>Whether the silo's grain storage holds a row for this session (its state is named "session").</summary>
    public async Task<bool> SessionStoredAsync(string sessionId)
    {
        var storage = Factory.Services.GetRequiredKeyedService<IGrainStorage>(LicenseStorage.StateStorageName);
        var state = new GrainState<Dictionary<string, JsonElement>>();
        await storage.ReadStateAsync("session", GrainId.Create("session", sessionId), state);
        return state.RecordExists;
    }

    public virtual async ValueTask DisposeAsync()
    {
        try
        {
            Client?.Dispose();
            Admin?.Dispose();
            if (_factory is not null)
            {
                await _factory.DisposeAsync();
            }
        }
        finally
        {
            Folder.Dispose();
            GC.SuppressFinalize(this);
        }
    }
}
