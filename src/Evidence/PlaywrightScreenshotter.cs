using System.Globalization;
using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Playwright;
using SentimentWatch.Browser;
using SentimentWatch.Core.Browser;
using SentimentWatch.Core.Net;

namespace SentimentWatch.Evidence;

/// <summary>
/// Renders a captured page in Debian's Chromium through Microsoft.Playwright, in a box:
/// <list type="bullet">
/// <item>the page is never loaded from <c>file:</c> nor fetched by the browser: the captured bytes are served at their
/// own URL by route interception, and every further request the page makes is either fetched by .NET under the
/// outbound policy (<see cref="OutboundGuard"/>: no loopback, private, link-local or metadata address unless
/// allowed) and handed to the browser, or refused; each one is logged for the packet;</item>
/// <item>Chromium itself can reach nothing: its proxy is a dead loopback port for every scheme and host (loopback
/// included) and its resolver answers NOTFOUND for every name, so a request that escaped interception still fails;</item>
/// <item>JavaScript is off unless <c>Evidence:Screenshots:JavaScriptEnabled</c>; service workers and downloads are
/// blocked; WebSockets are closed without reaching a server; a page may not navigate its main frame away;</item>
/// <item>Chromium runs with its own sandbox (seccomp-bpf, namespaces). As root, Chromium refuses its sandbox, so it is
/// started inside a new user namespace (<c>unshare --user --map-user</c>), where it is an ordinary user and
/// sets its sandbox up as usual.</item>
/// </list>
/// One browser (started on first use) serves all captures; each capture has its own context (no cookies, cache or
/// storage shared), closed afterwards. A browser failure closes the browser so the next capture starts a clean one.
/// </summary>
internal sealed class PlaywrightScreenshotter : IScreenshotter, IAsyncDisposable, IDisposable
{
    private readonly IOptions<EvidenceOptions> _options;
    private readonly TimeProvider _time;
    private readonly ILogger<PlaywrightScreenshotter> _logger;
    private readonly HttpClient _subresources;
    private readonly PlaywrightChromium _chromium;
    private SpareContext? _spare;
    private string? _isolation;

    public PlaywrightScreenshotter(IOptions<EvidenceOptions> options, IOptions<OutboundRules> outbound, OutboundGuard guard, TimeProvider time, ILogger<PlaywrightScreenshotter> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(outbound);
        ArgumentNullException.ThrowIfNull(guard);
        _options = options;
        _time = time;
        _logger = logger;
        var o = options.Value.Screenshots;
        _chromium = new PlaywrightChromium(
            new ChromiumLaunch(o.ChromiumPath, o.Sandbox, o.SandboxUserId, o.UnsharePath, "Evidence:Screenshots:Sandbox"),
            (_, isolation) => _isolation = isolation + $"; JavaScript {(o.JavaScriptEnabled ? "ON (Evidence:Screenshots:JavaScriptEnabled)" : "off")}; captured bytes served by route interception (no file: URL); "
                + "every other request fetched by the evidence stage under the outbound policy or blocked; browser proxy and resolver dead",
            reason => EvidenceLog.BrowserCloseFailed(logger, reason));
        var rules = outbound.Value.Union(options.Value.Outbound);
        _subresources = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = true,
            MaxAutomaticRedirections = Math.Max(1, options.Value.MaxRedirects),
            AutomaticDecompression = DecompressionMethods.All,
            UseCookies = false,
            UseProxy = false,
            ConnectTimeout = options.Value.FetchTimeout,
            // Every connection, redirects included, is checked after DNS resolution.
            ConnectCallback = guard.Callback(_ => rules, "evidence-browser"),
        }) { Timeout = options.Value.FetchTimeout };
    }

    public async Task<Screenshots> CaptureAsync(RenderRequest page, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(page);
        var o = _options.Value.Screenshots;
        var started = _time.GetUtcNow();
        if (!o.Enabled)
        {
            return Screenshots.None("screenshots disabled by configuration (Evidence:Screenshots:Enabled=false)", started, started);
        }

        if (!File.Exists(o.ChromiumPath))
        {
            return Screenshots.None($"no browser at {o.ChromiumPath} (install Debian package chromium): no screenshots", started, started);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(o.Timeout);
        var log = new CaptureRequestLog(_time);
        IBrowser? browser = null;
        var browserFailed = false;
        try
        {
            browser = await _chromium.GetAsync(o.Timeout, timeout.Token).ConfigureAwait(false);
            var (context, tab) = await TakeContextAsync(browser, o).ConfigureAwait(false);
            await using (context.ConfigureAwait(false))
            {
                // Playwright calls take no token: closing the context is what ends a capture that ran out of time.
                await using var closeOnTimeout = timeout.Token.Register(() => _ = context.CloseAsync());
                context.SetDefaultTimeout((float)o.Timeout.TotalMilliseconds);
                var documentServed = 0;
                await context.RouteAsync("**/*", route =>
                {
                    var request = route.Request;
                    if (request.IsNavigationRequest && request.Frame.ParentFrame is null)
                    {
                        return Interlocked.Exchange(ref documentServed, 1) == 0
                            ? ServeDocumentAsync(route, page, log)
                            : BlockAsync(route, log, "navigation", "the captured page may not navigate away from itself");
                    }

                    return FetchAsync(route, log, o, timeout.Token);
                }).ConfigureAwait(false);
                await context.RouteWebSocketAsync(_ => true, ws =>
                {
                    // Never connected to its server; closing it is all the page sees.
                    log.Add("GET", ws.Url, "websocket", "blocked", "websocket", null, null, "WebSockets are never opened from a captured page");
                    _ = ws.CloseAsync();
                }).ConfigureAwait(false);
                tab.Console += (_, m) => log.Message($"console {m.Type}: {m.Text}");
                tab.RequestFailed += (_, r) => log.Failed(r.Url, r.Failure);
                await tab.GotoAsync(page.Url.AbsoluteUri, new PageGotoOptions { WaitUntil = WaitUntilState.Load }).ConfigureAwait(false);
                var viewport = await tab.ScreenshotAsync(new PageScreenshotOptions { Type = ScreenshotType.Png }).ConfigureAwait(false);
                // Utility-world evaluation works with page scripts off.
                var height = await tab.EvaluateAsync<int>("() => Math.ceil(Math.max(document.documentElement ? document.documentElement.scrollHeight : 0, document.body ? document.body.scrollHeight : 0))").ConfigureAwait(false);
                var cut = height > o.MaxFullPageHeight;
                height = Math.Clamp(height, 1, o.MaxFullPageHeight);
                var full = await tab.ScreenshotAsync(new PageScreenshotOptions
                {
                    Type = ScreenshotType.Png,
                    FullPage = true,
                    Clip = new Clip { X = 0, Y = 0, Width = o.ViewportWidth, Height = height },
                }).ConfigureAwait(false);
                var dom = await tab.ContentAsync().ConfigureAwait(false);
                var text = await RenderedTextAsync(tab, TimeSpan.FromSeconds(5)).ConfigureAwait(false);
                return new Screenshots(viewport, full, cut, $"Chromium {browser.Version} (Playwright)", cut ? $"full-page screenshot cut at {o.MaxFullPageHeight} px" : null,
                    started, _time.GetUtcNow(), log.Requests, log.Messages, dom, text, _isolation ?? "");
            }
        }
        catch (Exception ex) when (ex is PlaywrightException or TimeoutException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            browserFailed = true;
            var problem = timeout.IsCancellationRequested || ex is TimeoutException
                ? $"browser did not finish within {o.Timeout.TotalSeconds:0.#} s: no screenshots"
                : $"browser failed: {FirstLine(ex.Message)}{(browser is null && o.Sandbox == BrowserSandbox.Auto ? " (the sandboxed launch failed; see docs/security.md before setting Evidence:Screenshots:Sandbox=Off)" : "")}";
            await _chromium.ResetAsync(browser).ConfigureAwait(false);
            return new Screenshots(null, null, false, null, problem, started, _time.GetUtcNow(), log.Requests, log.Messages, null, null, _isolation ?? "browser did not start");
        }
        finally
        {
            // The next capture's context and page (and so its renderer process) are made now, off its critical path:
            // a sandboxed renderer takes a few hundred milliseconds to start on a loaded machine.
            if (browser is { IsConnected: true } && !browserFailed)
            {
                PrepareSpare(browser, o);
            }
        }
    }

    /// <summary>
    /// A fresh context and its blank page for one capture: the spare made after the previous capture when it belongs to
    /// this browser, else a new one. Each context serves one capture and is closed after it, so no state passes between
    /// captures; the spare has loaded nothing (about:blank) and gets its routes before its first request.
    /// </summary>
    private async Task<(IBrowserContext Context, IPage Page)> TakeContextAsync(IBrowser browser, ScreenshotOptions o)
    {
        var spare = Interlocked.Exchange(ref _spare, null);
        if (spare is { } s && ReferenceEquals(s.Browser, browser))
        {
            try
            {
                return await s.Ready.ConfigureAwait(false);
            }
            catch (PlaywrightException)
            {
                // The spare failed (its browser went away mid-way): make a fresh one below.
            }
        }
        else if (spare is not null)
        {
            await CloseSpareAsync(spare).ConfigureAwait(false);
        }

        return await NewContextAsync(browser, o).ConfigureAwait(false);
    }

    private async Task<(IBrowserContext Context, IPage Page)> NewContextAsync(IBrowser browser, ScreenshotOptions o)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            JavaScriptEnabled = o.JavaScriptEnabled,
            ViewportSize = new ViewportSize { Width = o.ViewportWidth, Height = o.ViewportHeight },
            DeviceScaleFactor = 1,
            ServiceWorkers = ServiceWorkerPolicy.Block,
            AcceptDownloads = false,
            UserAgent = _options.Value.UserAgent,
            Locale = "zh-CN",
        }).ConfigureAwait(false);
        try
        {
            return (context, await context.NewPageAsync().ConfigureAwait(false));
        }
        catch
        {
            await context.CloseAsync().ConfigureAwait(false);
            throw;
        }
    }

    private void PrepareSpare(IBrowser browser, ScreenshotOptions o)
    {
        var spare = new SpareContext(browser, NewContextAsync(browser, o));
        if (Interlocked.CompareExchange(ref _spare, spare, null) is not null)
        {
            // Another capture left one already: this one is not needed.
            _ = CloseSpareAsync(spare);
        }
    }

    private static async Task CloseSpareAsync(SpareContext spare)
    {
        try
        {
            var (context, _) = await spare.Ready.ConfigureAwait(false);
            await context.CloseAsync().ConfigureAwait(false);
        }
        catch (PlaywrightException)
        {
            // Its browser is gone, and the context with it.
        }
    }

    private sealed record SpareContext(IBrowser Browser, Task<(IBrowserContext Context, IPage Page)> Ready);

    /// <summary>Completes when the spare context is made (benchmarks charge its CPU time to the capture that started it).</summary>
    internal async Task IdleAsync()
    {
        if (Volatile.Read(ref _spare) is { } spare)
        {
            try
            {
                await spare.Ready.ConfigureAwait(false);
            }
            catch (PlaywrightException)
            {
                // A failed spare is replaced at the next capture.
            }
        }
    }

    private static async Task ServeDocumentAsync(IRoute route, RenderRequest page, CaptureRequestLog log)
    {
        await route.FulfillAsync(new RouteFulfillOptions { Status = 200, ContentType = page.ContentType ?? "text/html", BodyBytes = page.Body }).ConfigureAwait(false);
        log.Add(route.Request, "captured-document", null, 200, page.Body.Length, "the captured bytes, served by the evidence stage (the browser fetched nothing)");
    }

    private static async Task BlockAsync(IRoute route, CaptureRequestLog log, string rule, string detail)
    {
        log.Add(route.Request, "blocked", rule, null, null, detail);
        await route.AbortAsync("blockedbyclient").ConfigureAwait(false);
    }

    private async Task FetchAsync(IRoute route, CaptureRequestLog log, ScreenshotOptions o, CancellationToken cancellationToken)
    {
        var request = route.Request;
        if (!Uri.TryCreate(request.Url, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            await BlockAsync(route, log, "scheme", "only http(s) subresources are fetched").ConfigureAwait(false);
            return;
        }

        if (request.Method is not ("GET" or "HEAD"))
        {
            await BlockAsync(route, log, "method", "a captured page may only read, never send").ConfigureAwait(false);
            return;
        }

        if (log.Count >= o.MaxRequests)
        {
            await BlockAsync(route, log, "limit", $"more than {o.MaxRequests} requests (Evidence:Screenshots:MaxRequests)").ConfigureAwait(false);
            return;
        }

        try
        {
            using var message = new HttpRequestMessage(new HttpMethod(request.Method), url);
            message.Headers.TryAddWithoutValidation("User-Agent", _options.Value.UserAgent);
            if (request.Headers.TryGetValue("accept", out var accept))
            {
                message.Headers.TryAddWithoutValidation("Accept", accept);
            }

            if (request.Headers.TryGetValue("referer", out var referer))
            {
                message.Headers.TryAddWithoutValidation("Referer", referer);
            }

            using var response = await _subresources.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            var body = await ReadCappedAsync(response, _options.Value.MaxResponseBytes, cancellationToken).ConfigureAwait(false);
            if (body is null)
            {
                await BlockAsync(route, log, "size", $"larger than {_options.Value.MaxResponseBytes} bytes (Evidence:MaxResponseBytes)").ConfigureAwait(false);
                return;
            }

            var status = (int)response.StatusCode;
            await route.FulfillAsync(new RouteFulfillOptions
            {
                Status = status,
                ContentType = response.Content.Headers.ContentType?.ToString(),
                BodyBytes = body,
            }).ConfigureAwait(false);
            log.Add(request, "fetched", null, status, body.Length,
                response.RequestMessage?.RequestUri is { } final && final != url ? $"redirected to {final.AbsoluteUri}" : null);
        }
        catch (Exception ex) when (OutboundGuard.RefusalIn(ex) is { } refused)
        {
            await BlockAsync(route, log, refused.Rule, refused.Message).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or OperationCanceledException or InvalidOperationException)
        {
            log.Add(request, "failed", null, null, null, FirstLine(ex.Message));
            await route.AbortAsync("failed").ConfigureAwait(false);
        }
    }

    private static async Task<byte[]?> ReadCappedAsync(HttpResponseMessage response, long max, CancellationToken cancellationToken)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > max)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    /// <summary>
    /// The visible text of every frame, each under its URL, so what a frame showed is on record. A frame the browser
    /// refused (a <c>file:</c> iframe ends on an error page) has no document to read and is listed as such.
    /// </summary>
    private static async Task<string> RenderedTextAsync(IPage tab, TimeSpan perFrame)
    {
        var sb = new System.Text.StringBuilder();
        foreach (var frame in tab.Frames)
        {
            string text;
            if (!(frame.Url.StartsWith("http:", StringComparison.Ordinal) || frame.Url.StartsWith("https:", StringComparison.Ordinal) || frame.Url is "about:srcdoc" or "about:blank"))
            {
                text = "(frame not rendered: the browser refused it)";
            }
            else
            {
                try
                {
                    text = await frame.Locator("html").InnerTextAsync(new LocatorInnerTextOptions { Timeout = (float)perFrame.TotalMilliseconds }).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is PlaywrightException or TimeoutException)
                {
                    text = $"(frame not readable: {FirstLine(ex.Message)})";
                }
            }

            sb.Append(CultureInfo.InvariantCulture, $"===== frame {frame.Url}\n{text}\n");
        }

        return sb.ToString();
    }

    private static string FirstLine(string s) => s.Split('\n', 2)[0].Trim();

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _spare, null) is { } spare)
        {
            await CloseSpareAsync(spare).ConfigureAwait(false);
        }

        await _chromium.DisposeAsync().ConfigureAwait(false);
        _subresources.Dispose();
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>Every request of one capture, in order, plus the browser's own messages (a refused file: frame shows there).</summary>
    private sealed class CaptureRequestLog(TimeProvider time)
    {
        private readonly List<BrowserRequest> _requests = [];
        private readonly List<string> _messages = [];

        public int Count
        {
            get
            {
                lock (_requests)
                {
                    return _requests.Count;
                }
            }
        }

        public IReadOnlyList<BrowserRequest> Requests
        {
            get
            {
                lock (_requests)
                {
                    return [.. _requests];
                }
            }
        }

        public IReadOnlyList<string> Messages
        {
            get
            {
                lock (_requests)
                {
                    return [.. _messages];
                }
            }
        }

        public void Add(IRequest request, string outcome, string? rule, int? status, long? bytes, string? detail) =>
            Add(request.Method, request.Url, request.ResourceType, outcome, rule, status, bytes, detail);

        public void Add(string method, string url, string type, string outcome, string? rule, int? status, long? bytes, string? detail)
        {
            lock (_requests)
            {
                _requests.Add(new BrowserRequest(time.GetUtcNow(), method, url, type, outcome, rule, status, bytes, detail));
            }
        }

        /// <summary>A request Chromium refused before interception saw it (file:, a bad URL) or that failed after.</summary>
        public void Failed(string url, string? failure)
        {
            lock (_requests)
            {
                if (!_requests.Any(r => r.Url == url && r.Outcome is "blocked" or "failed"))
                {
                    _requests.Add(new BrowserRequest(time.GetUtcNow(), "GET", url, "other", "failed", null, null, null, failure));
                }
            }
        }

        public void Message(string text)
        {
            lock (_requests)
            {
                _messages.Add(text);
            }
        }
    }
}
