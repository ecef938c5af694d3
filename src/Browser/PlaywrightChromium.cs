using Microsoft.Playwright;
using SentimentWatch.Core.Browser;

namespace SentimentWatch.Browser;

/// <summary>
/// One Debian Chromium driven through Microsoft.Playwright, started in the box <see cref="ChromiumLaunch"/> describes:
/// started on first use, started again when it has gone away, closed when a caller reports it failed, and closed on
/// dispose. The crawler's browser sources and the evidence stage each own one; neither starts Chromium any other way.
/// </summary>
/// <param name="launch">How Chromium is started and isolated; disposed with this object.</param>
/// <param name="started">Told the browser version and the isolation line each time a browser starts.</param>
/// <param name="closeFailed">Told why closing a browser failed (logged by the owner; closing goes on).</param>
public sealed class PlaywrightChromium(ChromiumLaunch launch, Action<string, string> started, Action<string> closeFailed) : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    /// <summary>How this browser is started; <see cref="ChromiumLaunch.Installed"/> says whether it can be.</summary>
    public ChromiumLaunch Launch => launch;

    /// <summary>The running browser, or a new one when none is connected; <paramref name="launchTimeout"/> bounds the start.</summary>
    public async Task<IBrowser> GetAsync(TimeSpan launchTimeout, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_browser is { IsConnected: true } alive)
            {
                return alive;
            }

            _browser = null;
            _playwright ??= await Playwright.CreateAsync().ConfigureAwait(false);
            var (executable, isolation) = launch.Executable();
            _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = executable,
                Headless = true,
                ChromiumSandbox = launch.SandboxOn,
                Timeout = (float)launchTimeout.TotalMilliseconds,
                Args = ChromiumLaunch.Args,
            }).ConfigureAwait(false);
            started(_browser.Version, isolation);
            return _browser;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Closes a browser that failed a caller, so the next <see cref="GetAsync"/> starts a clean one.</summary>
    public async Task ResetAsync(IBrowser? failed)
    {
        if (failed is null)
        {
            return;
        }

        await _gate.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            if (ReferenceEquals(_browser, failed))
            {
                _browser = null;
            }

            await CloseAsync(failed).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _browser, null) is { } browser)
        {
            await CloseAsync(browser).ConfigureAwait(false);
        }

        _playwright?.Dispose();
        _playwright = null;
        launch.Dispose();
        _gate.Dispose();
    }

    private async Task CloseAsync(IBrowser browser)
    {
        try
        {
            await browser.CloseAsync().ConfigureAwait(false);
        }
        catch (PlaywrightException ex)
        {
            closeFailed(ex.Message);
        }
    }
}
