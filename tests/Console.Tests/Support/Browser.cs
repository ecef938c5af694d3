using Microsoft.Playwright;

namespace SentimentWatch.DutyConsole.Tests.Support;

/// <summary>One headless Debian Chromium per test class, driven by Microsoft.Playwright (no downloaded browser build).</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string Chromium = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(Chromium))
        {
            throw new InvalidOperationException($"{Chromium} is missing: apt-get install chromium (.ci/deps/console.apt)");
        }

        _playwright = await Playwright.CreateAsync();
        // --no-sandbox: the test browser runs as root in CI containers, where Chromium's sandbox cannot start.
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = Chromium, Headless = true, Args = ["--no-sandbox"] });
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright?.Dispose();
    }
}

internal static class Pages
{
    /// <summary>A fresh context (own cookies) with a page signed in as <paramref name="name"/>; dialogs are counted in <paramref name="dialogs"/>; <paramref name="ignoreHttpsErrors"/> for a test's self-signed certificate.</summary>
    public static async Task<IPage> SignInAsync(this IBrowser browser, Uri console, string name, string password, List<string>? dialogs = null, bool ignoreHttpsErrors = false)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = console.AbsoluteUri, IgnoreHTTPSErrors = ignoreHttpsErrors });
        var page = await context.NewPageAsync();
        if (dialogs is not null)
        {
            page.Dialog += (_, d) =>
            {
                dialogs.Add(d.Message);
                _ = d.DismissAsync();
            };
        }

        await page.GotoAsync("/login");
        await page.FillAsync("input[name=name]", name);
        await page.FillAsync("input[name=password]", password);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(u => !u.Contains("/login", StringComparison.Ordinal));
        return page;
    }
}
