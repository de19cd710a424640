using System.Collections.Concurrent;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace OrleansLicense.Dashboard.Tests.Infrastructure;

/// <summary>
/// A browser tab on the dashboard, in its own context (so its own sessionStorage), at a viewport
/// size. Records script errors and content security policy violations so tests can assert none.
/// </summary>
public sealed class DashboardBrowser : IAsyncDisposable
{
    /// <summary>Desktop: the size the issue names.</summary>
    public static readonly ViewportSize Desktop = new() { Width = 1280, Height = 800 };

    /// <summary>A phone: the size the issue names.</summary>
    public static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };

    private readonly IBrowserContext _context;
    private readonly ConcurrentQueue<string> _problems = new();

    private DashboardBrowser(IBrowserContext context, IPage page, ViewportSize viewport)
    {
        _context = context;
        Page = page;
        Viewport = viewport;
        page.PageError += (_, error) => _problems.Enqueue($"script error: {error}");
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                _problems.Enqueue($"CSP: {message.Text}");
            }
        };
    }

    public IPage Page { get; }

    public ViewportSize Viewport { get; }

    /// <summary>True below the layout's breakpoint, where the sidebar is a top bar with a menu.</summary>
    public bool IsPhone => Viewport.Width <= 860;

    public static Task<DashboardBrowser> OpenAsync(DashboardFixture fixture, ViewportSize? viewport = null)
        => OpenAsync(fixture, fixture.BaseUrl, viewport);

    /// <summary>A tab on the console of another silo than the fixture's (a grid's, an agent's), in the fixture's browser.</summary>
    public static async Task<DashboardBrowser> OpenAsync(DashboardFixture fixture, string baseUrl, ViewportSize? viewport = null)
    {
        var size = viewport ?? Desktop;
        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseUrl,
            ViewportSize = size,
            DeviceScaleFactor = 1,
            Locale = "en-GB",
            TimezoneId = "UTC",
        });
        context.SetDefaultTimeout(10_000);
        return new DashboardBrowser(context, await context.NewPageAsync(), size);
    }

    /// <summary>Opens /dashboard and signs in with the token through the login form.</summary>
    public async Task SignInAsync(string token)
    {
        await Page.GotoAsync("/dashboard");
        await Page.GetByLabel("Admin token").FillAsync(token);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(Heading("Overview")).ToBeVisibleAsync();
    }

    /// <summary>Goes to a page through the navigation (opening the menu first on a phone).</summary>
    public async Task NavigateAsync(string title)
    {
        var menu = Page.GetByRole(AriaRole.Button, new() { Name = "Menu" });
        if (IsPhone)
        {
            await menu.ClickAsync();
        }

        await Page.GetByRole(AriaRole.Navigation, new() { Name = "Dashboard pages" }).GetByRole(AriaRole.Link, new() { Name = title, Exact = true }).ClickAsync();
        await Expect(Heading(title)).ToBeVisibleAsync();
    }

    /// <summary>The page's main heading.</summary>
    public ILocator Heading(string title) => Page.GetByRole(AriaRole.Heading, new() { Name = title, Exact = true, Level = 1 });

    /// <summary>The open confirmation dialog.</summary>
    public ILocator Dialog => Page.GetByRole(AriaRole.Dialog);

    /// <summary>Fails with what went wrong in the page: uncaught script errors, blocked styles or scripts.</summary>
    public void AssertNoPageProblems() => Assert.True(_problems.IsEmpty, string.Join('\n', _problems));

    /// <summary>Width of the document beyond the viewport, in CSS pixels (0 when nothing overflows).</summary>
    public async Task<int> HorizontalOverflowAsync()
        => await Page.EvaluateAsync<int>("() => Math.max(0, document.documentElement.scrollWidth - window.innerWidth)");

    public async ValueTask DisposeAsync() => await _context.DisposeAsync();
}
