using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Playwright;
using SentimentWatch.Browser;
using SentimentWatch.Core.Browser;
using SentimentWatch.Core.Collection;
using SentimentWatch.Crawler.Parsing;
using SentimentWatch.Crawler.Sources;

namespace SentimentWatch.Crawler.Fetching.Browser;

/// <summary>
/// Renders the pages of <c>Fetch: Browser</c> sources in Debian's Chromium through Microsoft.Playwright, started in the
/// box the evidence stage uses (<see cref="ChromiumLaunch"/>: own sandbox, dead proxy and resolver). Chromium fetches
/// nothing itself: every request the page makes is intercepted and fetched by the crawler's <see cref="IPageFetcher"/>
/// — the same robots.txt, per-host politeness, rate limits, retries, outbound policy and configured cookie as an HTTP
/// source — or refused (images, fonts, media, styles, anything but GET). The JSON the page loads and whose URL matches
/// <c>Browser:Capture</c> is kept as it was fetched, to be read with the source's field paths.
/// <para>
/// One browser serves all sources; at most <see cref="BrowserOptions.MaxOpenPages"/> pages are open at once and one per
/// source. Each page has its own context (no cookies, cache or storage shared) and is closed before the render returns,
/// so no page outlives the run that opened it.
/// </para>
/// </summary>
internal sealed class ChromiumPageRenderer : IPageRenderer, IAsyncDisposable
{
    private static readonly HashSet<string> FetchedTypes = new(StringComparer.Ordinal) { "document", "script", "xhr", "fetch" };

    private readonly IPageFetcher _fetcher;
    private readonly IOptions<BrowserOptions> _options;
    private readonly TimeProvider _time;
    private readonly ILogger<ChromiumPageRenderer> _logger;
    private readonly PlaywrightChromium _chromium;
    private readonly SemaphoreSlim _pages;
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _perSource = new(StringComparer.Ordinal);
    private int _open;

    public ChromiumPageRenderer(IPageFetcher fetcher, IOptions<BrowserOptions> options, TimeProvider time, ILogger<ChromiumPageRenderer> logger)
    {
        _fetcher = fetcher;
        _options = options;
        _time = time;
        _logger = logger;
        var o = options.Value;
        _chromium = new PlaywrightChromium(
            new ChromiumLaunch(o.ChromiumPath, o.Sandbox, o.SandboxUserId, o.UnsharePath, "Crawler:Browser:Sandbox"),
            (version, isolation) => BrowserLog.Started(logger, version, isolation),
            reason => BrowserLog.CloseFailed(logger, reason));
        _pages = new SemaphoreSlim(o.MaxOpenPages, o.MaxOpenPages);
    }

    public int OpenPages => Volatile.Read(ref _open);

    public async Task<FetchResult> RenderAsync(SourceOptions source, FetchRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(request);
        var o = _options.Value;
        if (!_chromium.Launch.Installed)
        {
            return Failed(request.Url, SourceFailureKind.Other, $"no browser at {o.ChromiumPath} (install Debian package chromium, or set Crawler:Browser:ChromiumPath): browser sources cannot be read");
        }

        var mine = _perSource.GetOrAdd(source.Id, _ => new SemaphoreSlim(1, 1));
        await mine.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _pages.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                return await RenderOneAsync(source, request, o, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _pages.Release();
            }
        }
        finally
        {
            mine.Release();
        }
    }

    private async Task<FetchResult> RenderOneAsync(SourceOptions source, FetchRequest request, BrowserOptions o, CancellationToken cancellationToken)
    {
        IBrowser? browser = null;
        var state = new PageState(source, request, o);
        try
        {
            browser = await _chromium.GetAsync(o.LoadTimeout, cancellationToken).ConfigureAwait(false);
            var context = await browser.NewContextAsync(new BrowserNewContextOptions
            {
                JavaScriptEnabled = true,
                ViewportSize = new ViewportSize { Width = o.ViewportWidth, Height = o.ViewportHeight },
                ServiceWorkers = ServiceWorkerPolicy.Block,
                AcceptDownloads = false,
                Locale = "zh-CN",
                TimezoneId = "Asia/Shanghai",
            }).ConfigureAwait(false);
            Interlocked.Increment(ref _open);
            try
            {
                await using (context.ConfigureAwait(false))
                {
                    // Playwright calls take no token: closing the context is what ends a render that is cancelled.
                    await using var closeOnCancel = cancellationToken.Register(() => _ = context.CloseAsync());
                    context.SetDefaultTimeout((float)o.SettleTimeout.TotalMilliseconds);
                    await context.RouteAsync("**/*", route => HandleAsync(route, state, cancellationToken)).ConfigureAwait(false);
                    await context.RouteWebSocketAsync(_ => true, ws => _ = ws.CloseAsync()).ConfigureAwait(false);
                    var page = await context.NewPageAsync().ConfigureAwait(false);
                    return await DriveAsync(page, state, o, cancellationToken).ConfigureAwait(false);
                }
            }
            finally
            {
                Interlocked.Decrement(ref _open);
            }
        }
        catch (PlaywrightException ex) when (cancellationToken.IsCancellationRequested)
        {
            // Cancelling closes the page's context under whatever call was waiting on it: that is the cancellation, not a failure.
            throw new OperationCanceledException("the render was cancelled", ex, cancellationToken);
        }
        catch (Exception ex) when (ex is PlaywrightException or TimeoutException && !cancellationToken.IsCancellationRequested)
        {
            if (browser is null || !browser.IsConnected)
            {
                // Only a browser that is gone is restarted: a page that timed out takes no other source's page with it.
                await _chromium.ResetAsync(browser).ConfigureAwait(false);
            }

            return state.Document is { Outcome: not FetchOutcome.Ok } failed
                ? failed
                : Failed(request.Url, SourceFailureKind.Other, $"browser failed: {FirstLine(ex.Message)}{(browser is null && o.Sandbox == BrowserSandbox.Auto ? " (the sandboxed launch failed; see docs/security.md before setting Crawler:Browser:Sandbox=Off)" : "")}");
        }
    }

    /// <summary>Loads the page, waits for it to settle, runs the steps, and reads what it shows and loaded.</summary>
    private async Task<FetchResult> DriveAsync(IPage page, PageState state, BrowserOptions o, CancellationToken cancellationToken)
    {
        var url = state.Request.Url;
        try
        {
            await page.GotoAsync(url.AbsoluteUri, new PageGotoOptions { WaitUntil = WaitUntilState.Load, Timeout = (float)o.LoadTimeout.TotalMilliseconds }).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return state.Document is { Outcome: not FetchOutcome.Ok } failed ? failed
                : Failed(url, SourceFailureKind.Timeout, $"the page did not load within {Seconds(o.LoadTimeout)} (Crawler:Browser:LoadTimeout)");
        }
        catch (PlaywrightException) when (state.Document is { Outcome: not FetchOutcome.Ok })
        {
            // The document itself failed (robots.txt, 5xx, outbound policy, timeout): its fetch result says why.
        }

        if (state.Document is not { Outcome: FetchOutcome.Ok } document)
        {
            return state.Document ?? Failed(url, SourceFailureKind.Other, "the browser never asked for the page");
        }

        var browserSource = state.Source.Browser;
        var unsettled = await SettleAsync(page, state, o).ConfigureAwait(false);
        if (unsettled is not null)
        {
            // A captcha or login page never shows the content either: let the parser name it from the rendered page.
            var dom = await page.ContentAsync().ConfigureAwait(false);
            if (PageMarkers.Detect(state.Source, PageRole.List, Visible(dom)) is null)
            {
                return Failed(url, SourceFailureKind.Timeout, $"the page never settled: {unsettled} ({state.Summary})");
            }

            return Rendered(document, dom, state, page.Url);
        }

        var rounds = 0;
        var notes = new List<string>();
        while (browserSource.Steps.Count > 0 && rounds < browserSource.MaxRounds)
        {
            var before = await ProgressAsync(page, state).ConfigureAwait(false);
            var acted = false;
            foreach (var step in browserSource.Steps.Select(s => s.Trim()))
            {
                if (step == "scroll")
                {
                    await page.EvaluateAsync("() => window.scrollTo(0, Math.max(document.body ? document.body.scrollHeight : 0, document.documentElement.scrollHeight))").ConfigureAwait(false);
                    acted = true;
                }
                else if (step.StartsWith("click:", StringComparison.Ordinal))
                {
                    var more = page.Locator(step["click:".Length..]).First;
                    if (await more.CountAsync().ConfigureAwait(false) == 0 || !await more.IsVisibleAsync().ConfigureAwait(false))
                    {
                        continue;
                    }

                    try
                    {
                        await more.ClickAsync(new LocatorClickOptions { Timeout = (float)o.StepTimeout.TotalMilliseconds }).ConfigureAwait(false);
                        acted = true;
                    }
                    catch (TimeoutException)
                    {
                        notes.Add($"browser step '{step}' could not click within {Seconds(o.StepTimeout)} (Crawler:Browser:StepTimeout); the page was read as it was");
                        break;
                    }
                }
            }

            if (!acted || notes.Count > 0)
            {
                break;
            }

            rounds++;
            if (!await GrewAsync(page, state, before, o.StepTimeout).ConfigureAwait(false))
            {
                break;
            }

            await state.QuietAsync(o.SettleTimeout).ConfigureAwait(false);
        }

        if (rounds >= browserSource.MaxRounds && browserSource.MaxRounds > 0 && browserSource.Steps.Count > 0)
        {
            notes.Add($"browser steps stopped after {rounds} round(s) (Browser:MaxRounds) while the page may have had more");
        }

        var content = await page.ContentAsync().ConfigureAwait(false);
        return Rendered(document, content, state, page.Url) with { BrowserNotes = notes };
    }

    /// <summary>Null once the page shows its content (or loaded its first captured answer) and its requests ended; otherwise why not.</summary>
    private static async Task<string?> SettleAsync(IPage page, PageState state, BrowserOptions o)
    {
        var b = state.Source.Browser;
        var timeout = (float)o.SettleTimeout.TotalMilliseconds;
        if (b.WaitFor is { } selector)
        {
            try
            {
                await page.WaitForSelectorAsync(selector, new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached, Timeout = timeout }).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                return $"'Browser:WaitFor' selector '{selector}' did not appear within {Seconds(o.SettleTimeout)} (Crawler:Browser:SettleTimeout)";
            }
        }
        else if (b.Capture is not null && !await state.WaitForCaptureAsync(0, o.SettleTimeout).ConfigureAwait(false))
        {
            return $"the page loaded no answer matching 'Browser:Capture' within {Seconds(o.SettleTimeout)} (Crawler:Browser:SettleTimeout)";
        }

        return await state.QuietAsync(o.SettleTimeout).ConfigureAwait(false)
            ? null
            : $"{state.InFlight} request(s) still open after {Seconds(o.SettleTimeout)} (Crawler:Browser:SettleTimeout)";
    }

    /// <summary>How much content the page shows: captured answers, else elements matching WaitFor, else requests made.</summary>
    private static async Task<int> ProgressAsync(IPage page, PageState state)
    {
        var b = state.Source.Browser;
        if (b.Capture is not null)
        {
            return state.CapturedCount;
        }

        return b.WaitFor is { } selector ? await page.Locator(selector).CountAsync().ConfigureAwait(false) : state.Requested;
    }

    /// <summary>Waits until a round of steps loaded something new; false when nothing came within the step timeout.</summary>
    private static async Task<bool> GrewAsync(IPage page, PageState state, int before, TimeSpan timeout)
    {
        var b = state.Source.Browser;
        if (b.Capture is not null)
        {
            return await state.WaitForCaptureAsync(before, timeout).ConfigureAwait(false);
        }

        try
        {
            if (b.WaitFor is { } selector)
            {
                await page.WaitForFunctionAsync("([s, n]) => document.querySelectorAll(s).length > n", new object[] { selector, before },
                    new PageWaitForFunctionOptions { Timeout = (float)timeout.TotalMilliseconds, PollingInterval = 50 }).ConfigureAwait(false);
                return true;
            }

            return await state.WaitForRequestAsync(before, timeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    private FetchResult Rendered(FetchResult document, string dom, PageState state, string finalUrl)
    {
        var exchange = document.Exchange!;
        // The page may have navigated itself (a script sending it to a login page): the URL it ends on is what it shows.
        var shown = Uri.TryCreate(finalUrl, UriKind.Absolute, out var u) && u != exchange.FinalUrl ? exchange with { FinalUrl = u } : exchange;
        return new FetchResult(FetchOutcome.Ok, shown, dom, Encoding.UTF8, null)
        {
            EncodingSource = "rendered by Chromium",
            Captured = state.Source.Browser.Capture is null ? null : state.Captured,
        };
    }

    /// <summary>Fulfils one request of the page from the crawler's fetcher, or refuses it.</summary>
    private async Task HandleAsync(IRoute route, PageState state, CancellationToken cancellationToken)
    {
        var request = route.Request;
        var main = request.IsNavigationRequest && request.Frame.ParentFrame is null;
        if (!Uri.TryCreate(request.Url, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps)
            || request.Method is not ("GET" or "HEAD") || !FetchedTypes.Contains(request.ResourceType) || state.Requested >= state.Options.MaxRequestsPerPage)
        {
            // Not needed to read the page (images, styles, fonts), not a read (POST), or over the page's request budget.
            state.Refused(request.ResourceType);
            await route.AbortAsync("blockedbyclient").ConfigureAwait(false);
            return;
        }

        state.Started();
        try
        {
            var fetched = await _fetcher.FetchAsync(state.Request with { Url = url }, cancellationToken).ConfigureAwait(false);
            if (main && state.Document is null)
            {
                state.Document = fetched;
            }

            if (fetched.Exchange is not { } exchange || fetched.Outcome == FetchOutcome.Failed && exchange.Body.Length == 0)
            {
                BrowserLog.RequestFailed(_logger, state.Source.Id, url, fetched.Failure?.Reason ?? "no answer");
                await route.AbortAsync("failed").ConfigureAwait(false);
                return;
            }

            if (state.CaptureRegex?.IsMatch(url.AbsoluteUri) == true && fetched.Outcome == FetchOutcome.Ok)
            {
                state.Capture(fetched);
            }

            await route.FulfillAsync(new RouteFulfillOptions
            {
                Status = exchange.StatusCode,
                ContentType = exchange.Header("Content-Type"),
                BodyBytes = exchange.Body,
            }).ConfigureAwait(false);
        }
        catch (PlaywrightException)
        {
            // The page (or its context) closed while this request was in flight: nothing is waiting for the answer.
        }
        finally
        {
            state.Ended();
        }
    }

    private FetchResult Failed(Uri url, SourceFailureKind kind, string reason) =>
        new(FetchOutcome.Failed, null, null, null, new SourceFailure(url, kind, reason));

    private static string Visible(string html) => Regex.Replace(html, "<script[^>]*>.*?</script>|<[^>]+>", " ", RegexOptions.Singleline, TimeSpan.FromSeconds(2));

    private static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s";

    private static string FirstLine(string s) => s.Split('\n', 2)[0].Trim();

    public async ValueTask DisposeAsync()
    {
        await _chromium.DisposeAsync().ConfigureAwait(false);
        _pages.Dispose();
    }

    /// <summary>One page being rendered: its requests in flight, its captured answers, and signals to wait on them.</summary>
    private sealed class PageState(SourceOptions source, FetchRequest request, BrowserOptions options)
    {
        private readonly object _lock = new();
        private readonly List<FetchResult> _captured = [];
        private readonly Dictionary<string, int> _refused = new(StringComparer.Ordinal);
        private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _inFlight;
        private int _requested;

        public SourceOptions Source => source;

        public FetchRequest Request => request;

        public BrowserOptions Options => options;

        public Regex? CaptureRegex { get; } = source.Browser.Capture is { } c ? new Regex(c, RegexOptions.None, TimeSpan.FromSeconds(1)) : null;

        /// <summary>The fetch of the page's own document (the first main-frame navigation).</summary>
        public FetchResult? Document { get; set; }

        public int InFlight => Volatile.Read(ref _inFlight);

        public int Requested => Volatile.Read(ref _requested);

        public int CapturedCount
        {
            get
            {
                lock (_lock)
                {
                    return _captured.Count;
                }
            }
        }

        public IReadOnlyList<FetchResult> Captured
        {
            get
            {
                lock (_lock)
                {
                    return [.. _captured];
                }
            }
        }

        public string Summary
        {
            get
            {
                lock (_lock)
                {
                    return $"{_requested} request(s) made, {_inFlight} open, {_captured.Count} answer(s) captured"
                        + (_refused.Count > 0 ? ", refused: " + string.Join(", ", _refused.Select(kv => $"{kv.Value} {kv.Key}")) : "");
                }
            }
        }

        public void Started()
        {
            Interlocked.Increment(ref _requested);
            Interlocked.Increment(ref _inFlight);
            Pulse();
        }

        public void Ended()
        {
            Interlocked.Decrement(ref _inFlight);
            Pulse();
        }

        public void Refused(string type)
        {
            lock (_lock)
            {
                _refused[type] = _refused.GetValueOrDefault(type) + 1;
            }
        }

        public void Capture(FetchResult answer)
        {
            lock (_lock)
            {
                _captured.Add(answer);
            }

            Pulse();
        }

        public Task<bool> WaitForCaptureAsync(int moreThan, TimeSpan timeout) => WaitAsync(() => CapturedCount > moreThan, timeout);

        public Task<bool> WaitForRequestAsync(int moreThan, TimeSpan timeout) => WaitAsync(() => Requested > moreThan, timeout);

        /// <summary>True once no request of the page is open.</summary>
        public Task<bool> QuietAsync(TimeSpan timeout) => WaitAsync(() => InFlight == 0, timeout);

        private void Pulse()
        {
            TaskCompletionSource done;
            lock (_lock)
            {
                done = _changed;
                _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            done.TrySetResult();
        }

        private async Task<bool> WaitAsync(Func<bool> condition, TimeSpan timeout)
        {
            using var deadline = new CancellationTokenSource(timeout);
            while (true)
            {
                Task next;
                lock (_lock)
                {
                    next = _changed.Task;
                }

                if (condition())
                {
                    return true;
                }

                try
                {
                    await next.WaitAsync(deadline.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return condition();
                }
            }
        }
    }
}
