using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using SentimentWatch.DrillSites.Runtime;
using SentimentWatch.DrillSites.Sites;

namespace SentimentWatch.DrillSites.Pipeline;

/// <summary>
/// The request pipeline in front of a site renderer: request counting, robots.txt, rate limit, fault endpoints,
/// captcha / login wall, failure mid-pagination, wrong charset, and conditional GET.
/// </summary>
internal sealed class SiteHost
{
    private readonly ISiteRenderer _renderer;
    private readonly SiteModel _model;
    private readonly DrillPageSizes _sizes;
    private readonly DrillRequestLog _log;
    private readonly CancellationToken _stopping;
    private readonly Microsoft.Extensions.Logging.ILogger _logger;
    private readonly ConcurrentDictionary<string, (string ETag, DateTimeOffset Since)> _validators = new(StringComparer.Ordinal);
    private readonly Lock _rateLock = new();
    private DateTimeOffset _windowStart = DateTimeOffset.MinValue;
    private int _windowCount;

    public SiteHost(ISiteRenderer renderer, SiteModel model, DrillSiteControl control, DrillPageSizes sizes, DrillRequestLog log, Microsoft.Extensions.Logging.ILogger logger, CancellationToken stopping)
    {
        _logger = logger;
        _renderer = renderer;
        _model = model;
        Control = control;
        _sizes = sizes;
        _log = log;
        _stopping = stopping;
    }

    public DrillSiteControl Control { get; }

    public DrillSite Site => _renderer.Site;

    public async Task HandleAsync(HttpContext ctx)
    {
        var raw = ctx.Features.Get<IHttpRequestFeature>()?.RawTarget ?? (ctx.Request.Path + ctx.Request.QueryString).ToString();
        var conditional = ctx.Request.Headers.IfNoneMatch.Count > 0 || ctx.Request.Headers.IfModifiedSince.Count > 0;
        var at = _model.Clock.Now;
        _log.Arrive(Site);
        var logged = 0;
        void Log()
        {
            if (Interlocked.Exchange(ref logged, 1) == 0)
            {
                _log.Add(new DrillRequest(Site, ctx.Request.Method, raw, at, ctx.Response.StatusCode, conditional, ctx.Request.Headers.UserAgent.ToString() is { Length: > 0 } ua ? ua : null));
                DrillLog.RequestAnswered(_logger, Site, ctx.Request.Method, raw, ctx.Response.StatusCode);
            }
        }

        // Counted as the status line goes out, so a client that has its answer always finds the request counted
        // (logging only after the body raced the client's next look at the counts).
        ctx.Response.OnStarting(() =>
        {
            Log();
            return Task.CompletedTask;
        });
        try
        {
            await HandleCoreAsync(ctx).ConfigureAwait(false);
        }
        finally
        {
            // A request that never started its answer (a hang released by shutdown, an aborted client) still counts.
            Log();
        }
    }

    private async Task HandleCoreAsync(HttpContext ctx)
    {
        var path = ctx.Request.Path.Value ?? "/";
        var ct = ctx.RequestAborted;
        if (path == "/robots.txt")
        {
            await WriteAsync(ctx, SiteResponse.Text(Control.RobotsTxt ?? _renderer.Robots), path, ct).ConfigureAwait(false);
            return;
        }

        if (RateLimited(out var retryAfter, out var status))
        {
            ctx.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            var page = status == 503
                ? ErrorPage(503, "503 Service Temporarily Unavailable", "服务器繁忙，请稍后再试。")
                : ErrorPage(429, "429 Too Many Requests", "访问过于频繁，请稍后再试。");
            await WriteAsync(ctx, page, path, ct).ConfigureAwait(false);
            return;
        }

        if (path.StartsWith(DrillImages.PathPrefix, StringComparison.Ordinal))
        {
            var image = DrillImages.Find(path[DrillImages.PathPrefix.Length..]);
            var answer = string.Equals(Control.FailPath, path, StringComparison.Ordinal) ? ErrorPage(500, "500 Internal Server Error", "服务器内部错误，请稍后再试。")
                : image is { } img ? new SiteResponse(200, img.ContentType, img.Bytes)
                : ErrorPage(404, "404 Not Found", "图片不存在。");
            await WriteAsync(ctx, answer, path, ct).ConfigureAwait(false);
            return;
        }

        if (path.StartsWith("/_drill/fault/", StringComparison.Ordinal))
        {
            await Faults.HandleAsync(ctx, path["/_drill/fault/".Length..], _stopping).ConfigureAwait(false);
            return;
        }

        var encoding = Site == DrillSite.Discuz ? Gbk.Encoding : Encoding.UTF8;
        var query = RawQuery.Parse(ctx.Request.QueryString.Value, encoding);
        var rc = new RenderContext(_model, Control, _sizes, new Uri($"{ctx.Request.Scheme}://{ctx.Request.Host}/"), path, query)
        {
            Cookie = ctx.Request.Headers.Cookie.ToString(),
        };
        SiteResponse? response;
        if (Control.Captcha)
        {
            response = _renderer.Captcha(rc) with { Cacheable = false };
        }
        else if (Control.LoginWall)
        {
            response = _renderer.LoginWall(rc) with { Cacheable = false };
        }
        else if (path.StartsWith("/private/", StringComparison.Ordinal))
        {
            response = SiteResponse.Html("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>后台管理</title></head><body><h1>后台管理</h1><p>此路径在 robots.txt 中禁止抓取。</p></body></html>");
        }
        else
        {
            response = _renderer.Render(rc) ?? ErrorPage(404, "404 Not Found", "您访问的页面不存在。");
            if ((rc.ListPage is { } page && Control.FailListPage == page) || string.Equals(Control.FailPath, path, StringComparison.Ordinal))
            {
                response = ErrorPage(500, "500 Internal Server Error", "服务器内部错误，请稍后再试。");
            }
        }

        if (Control.WrongCharset && response.ContentType.StartsWith("text/html", StringComparison.Ordinal))
        {
            response = MisdeclareCharset(response);
        }

        await WriteAsync(ctx, response, (ctx.Features.Get<IHttpRequestFeature>()?.RawTarget) ?? path, ct).ConfigureAwait(false);
    }

    private async Task WriteAsync(HttpContext ctx, SiteResponse response, string key, CancellationToken ct)
    {
        foreach (var (name, value) in response.Headers)
        {
            ctx.Response.Headers[name] = value;
        }

        if (response.Status == 200 && response.Cacheable && Control.ConditionalGet)
        {
            var etag = "\"" + Convert.ToHexStringLower(SHA256.HashData(response.Body).AsSpan(0, 10)) + "\"";
            var now = _model.Clock.Now;
            var validators = _validators.AddOrUpdate(key, _ => (etag, now), (_, old) => old.ETag == etag ? old : (etag, now));
            ctx.Response.Headers.ETag = etag;
            ctx.Response.Headers.LastModified = TimeFormats.Http(validators.Since);
            if (NotModified(ctx.Request, etag, validators.Since))
            {
                ctx.Response.StatusCode = 304;
                return;
            }
        }

        ctx.Response.StatusCode = response.Status;
        ctx.Response.ContentType = response.ContentType;
        ctx.Response.ContentLength = response.Body.Length;
        if (!HttpMethods.IsHead(ctx.Request.Method))
        {
            await ctx.Response.Body.WriteAsync(response.Body, ct).ConfigureAwait(false);
        }
    }

    private static bool NotModified(HttpRequest request, string etag, DateTimeOffset since)
    {
        // If-None-Match wins over If-Modified-Since (RFC 9110 §13.2.2).
        var inm = request.Headers.IfNoneMatch;
        if (inm.Count > 0)
        {
            return inm.Any(v => v is not null && v.Split(',').Any(t => t.Trim() == etag || t.Trim() == "*" || t.Trim() == "W/" + etag));
        }

        var ims = request.Headers.IfModifiedSince.ToString();
        return ims.Length > 0
            && DateTimeOffset.TryParseExact(ims, "R", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t)
            && since.ToUnixTimeSeconds() <= t.ToUnixTimeSeconds();
    }

    private bool RateLimited(out TimeSpan retryAfter, out int status)
    {
        retryAfter = TimeSpan.Zero;
        status = 429;
        if (Control.RateLimit is not { } limit)
        {
            return false;
        }

        var now = _model.Clock.Now;
        lock (_rateLock)
        {
            if (now - _windowStart >= limit.Window || now < _windowStart)
            {
                _windowStart = now;
                _windowCount = 0;
            }

            if (_windowCount >= limit.Requests)
            {
                retryAfter = limit.RetryAfter;
                status = limit.Status == 503 ? 503 : 429;
                return true;
            }

            _windowCount++;
            return false;
        }
    }

    private SiteResponse ErrorPage(int status, string title, string message)
    {
        var html = $"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{title}</title></head><body><h1>{title}</h1><p>{message}</p></body></html>";
        return (Site == DrillSite.Discuz ? SiteResponse.GbkHtml(html.Replace("charset=\"utf-8\"", "charset=\"gbk\"", StringComparison.Ordinal), status) : SiteResponse.Html(html, status)) with { Cacheable = false };
    }

    /// <summary>Swaps the declared charset (header and meta) while leaving the bytes as they are.</summary>
    private static SiteResponse MisdeclareCharset(SiteResponse r)
    {
        var gbk = r.ContentType.Contains("gbk", StringComparison.OrdinalIgnoreCase);
        var (from, to) = gbk ? ("gbk", "utf-8") : ("utf-8", "gbk");
        var head = Encoding.ASCII.GetString(r.Body, 0, Math.Min(r.Body.Length, 1024));
        var body = r.Body;
        foreach (var pattern in new[] { "charset=\"" + from, "charset=" + from })
        {
            var idx = head.IndexOf(pattern, StringComparison.OrdinalIgnoreCase);
            if (idx >= 0)
            {
                var cut = idx + pattern.Length - from.Length;
                body = [.. r.Body.AsSpan(0, cut), .. Encoding.ASCII.GetBytes(to), .. r.Body.AsSpan(cut + from.Length)];
                break;
            }
        }

        return r with { ContentType = "text/html; charset=" + to, Body = body };
    }
}

/// <summary>Per-path counters and a bounded history of requests, shared by all sites of a server.</summary>
internal sealed class DrillRequestLog(int capacity)
{
    private readonly ConcurrentDictionary<(DrillSite, string), int> _byTarget = new();
    private readonly ConcurrentDictionary<(DrillSite, string), int> _byPath = new();
    private readonly ConcurrentQueue<DrillRequest> _history = new();
    private readonly ConcurrentDictionary<DrillSite, int> _arrived = new();

    /// <summary>Counts a request as it arrives (before it is answered), so tests can tell a hanging request reached the server.</summary>
    public void Arrive(DrillSite site) => _arrived.AddOrUpdate(site, 1, static (_, n) => n + 1);

    public int Arrived(DrillSite site) => _arrived.GetValueOrDefault(site);

    public void Add(DrillRequest r)
    {
        _byTarget.AddOrUpdate((r.Site, r.PathAndQuery), 1, static (_, n) => n + 1);
        var q = r.PathAndQuery.IndexOf('?', StringComparison.Ordinal);
        _byPath.AddOrUpdate((r.Site, q < 0 ? r.PathAndQuery : r.PathAndQuery[..q]), 1, static (_, n) => n + 1);
        _history.Enqueue(r);
        while (_history.Count > capacity && _history.TryDequeue(out _))
        {
        }
    }

    public int Count(DrillSite site, string pathOrTarget) =>
        pathOrTarget.Contains('?', StringComparison.Ordinal)
            ? _byTarget.GetValueOrDefault((site, pathOrTarget))
            : _byPath.GetValueOrDefault((site, pathOrTarget));

    public int Total(DrillSite site) => _byPath.Where(kv => kv.Key.Item1 == site).Sum(kv => kv.Value);

    public IReadOnlyList<DrillRequest> History(DrillSite site) => _history.Where(r => r.Site == site).ToList();

    public void Clear()
    {
        _byTarget.Clear();
        _byPath.Clear();
        _history.Clear();
        _arrived.Clear();
    }
}
