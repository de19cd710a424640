using System.Net.Http.Headers;
using Microsoft.Playwright;
using OrleansLicense.Testing;
using OrleansLicense.Testing.Silo;

namespace OrleansLicense.Dashboard.Tests.Infrastructure;

/// <summary>
/// One silo and one Chromium for the whole assembly (both take seconds to start): a temporary data
/// folder trusting a test vendor, the silo as a child process, HTTP clients for the gateway and
/// admin APIs, and the browser. Tests run one at a time (see AssemblyInfo.cs) and each uses its
/// own product, so they do not see each other's licenses and sessions.
/// </summary>
public sealed class DashboardFixture : IAsyncLifetime
{
    /// <summary>Debian's Chromium; the tests never download a browser.</summary>
    public const string ChromiumPath = "/usr/bin/chromium";

    private SiloProcess? _silo;
    private IPlaywright? _playwright;

    public TempDirectory Folder { get; } = new("olic-dashboard");

    public TestVendor Vendor { get; } = new();

    public SiloProcess Silo => _silo ?? throw new InvalidOperationException("Not initialized.");

    public string BaseUrl => Silo.BaseUrl;

    /// <summary>The admin token of the silo's data folder.</summary>
    public string Token { get; private set; } = "";

    /// <summary>A client of the gateway API, as a licensed program.</summary>
    public HttpClient Client { get; private set; } = null!;

    /// <summary>A client of the admin API, with the token.</summary>
    public HttpClient Admin { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Where screenshots go: the test output folder's screenshots/.</summary>
    public static string ScreenshotFolder => Path.Combine(AppContext.BaseDirectory, "screenshots");

    public async ValueTask InitializeAsync()
    {
        try
        {
            if (!File.Exists(ChromiumPath))
            {
                throw new InvalidOperationException($"The dashboard tests drive Debian's Chromium at {ChromiumPath}: apt-get install -y chromium (.ci/run does).");
            }

            var data = Path.Combine(Folder.Path, "data");
            Vendor.TrustIn(data);
            _silo = await SiloProcess.StartAsync(new SiloProcessOptions { DataFolder = data, WorkingDirectory = Folder.Path }, TestContext.Current.CancellationToken);
            Token = _silo.AdminToken;
            Client = new HttpClient { BaseAddress = new Uri(BaseUrl) };
            Admin = new HttpClient { BaseAddress = new Uri(BaseUrl) };
            Admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);

            // Playwright's driver comes in its NuGet package; the browser is the system's.
            Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
            _playwright = await Playwright.CreateAsync();
            Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ChromiumPath,
                Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
            });
            Directory.CreateDirectory(ScreenshotFolder);
        }
        catch
        {
            // xunit does not dispose a fixture whose initialization failed; leave nothing running.
            await DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (Browser is not null)
            {
                await Browser.DisposeAsync();
            }

            _playwright?.Dispose();
            Client?.Dispose();
            Admin?.Dispose();
            if (_silo is not null)
            {
                await _silo.DisposeAsync();
            }
        }
        finally
        {
            Folder.Dispose();
        }
    }
}
