using SentimentWatch.Core.Net;

namespace SentimentWatch.Crawler.Sources;

/// <summary>Top-level crawler options: the configured sources (section <c>Crawler</c>).</summary>
public sealed class CrawlerOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "Crawler";

    /// <summary>Sources to crawl. Each becomes one scheduled job.</summary>
    public List<SourceOptions> Sources { get; set; } = [];

    /// <summary>
    /// Directory of ready-made profiles (<c>{Profiles}/{name}.json</c>) a source can name in <see cref="SourceOptions.Profile"/>.
    /// A name not found there falls back to the profile of that name built into the crawler.
    /// </summary>
    public string Profiles { get; set; } = "config/profiles";
}

/// <summary>What kind of pages a source reads.</summary>
public enum SourceKind
{
    /// <summary>HTML list pages (and optional detail pages) read with CSS selectors.</summary>
    Html,
    /// <summary>JSON API pages read with field paths.</summary>
    Json,
    /// <summary>RSS 2.0 or Atom feed.</summary>
    Feed,
}

/// <summary>One configured source (<c>Crawler:Sources:N</c>). After start-up its profile is already merged in.</summary>
public sealed class SourceOptions
{
    /// <summary>Unique id, [a-z0-9_-]+.</summary>
    public string Id { get; set; } = "";

    /// <summary>Ready-made profile to start from (selectors, platform, markers); keys set here override it.</summary>
    public string? Profile { get; set; }

    /// <summary>Which parser reads the pages. Required (usually from the profile).</summary>
    public SourceKind? Kind { get; set; }

    /// <summary>Platform family stored with each post: tieba, discuz, weibo, news, rss, …</summary>
    public string? Platform { get; set; }

    /// <summary>Disabled sources are validated but never scheduled.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>List / feed / API URLs to start from.</summary>
    public List<string> Urls { get; set; } = [];

    /// <summary>
    /// Keyword search: a URL template with <c>{keyword}</c> (percent-encoded in <see cref="Charset"/>) and optional
    /// <c>{page}</c> (1-based), <c>{page0}</c> (0-based) or <c>{offset}</c> (<c>(page-1) × PageSize</c>).
    /// </summary>
    public string? SearchUrlTemplate { get; set; }

    /// <summary>Keywords substituted into <see cref="SearchUrlTemplate"/>, one search per keyword.</summary>
    public List<string> Keywords { get; set; } = [];

    /// <summary>
    /// The site's charset for URL-encoding search keywords (<c>utf-8</c>, <c>gbk</c>, <c>gb18030</c>, <c>big5</c>).
    /// Page bodies are decoded by the fetcher from the response itself; this only shapes the URLs sent.
    /// </summary>
    public string Charset { get; set; } = "utf-8";

    /// <summary>Items per list page, used for <c>{offset}</c> in <see cref="SearchUrlTemplate"/>.</summary>
    public int PageSize { get; set; } = 50;

    /// <summary>Quartz cron expression (seconds first), e.g. <c>0 */5 * * * ?</c>. Either this or <see cref="Interval"/>.</summary>
    public string? Cron { get; set; }

    /// <summary>Run every interval, e.g. <c>00:05:00</c>.</summary>
    public TimeSpan? Interval { get; set; }

    /// <summary>Most list pages followed per start URL per run.</summary>
    public int MaxPages { get; set; } = 5;

    /// <summary>
    /// Stop paging a list once its page ends with an item published longer ago than this (lists newest first); the run
    /// summary says so. Unset: no age limit (seen-item and page-cap rules still apply).
    /// </summary>
    public TimeSpan? MaxAge { get; set; }

    /// <summary>How pages are loaded: <c>Http</c> (default) or <c>Browser</c> (rendered by Chromium, <see cref="Browser"/>).</summary>
    public FetchMode Fetch { get; set; } = FetchMode.Http;

    /// <summary>How a browser source's pages are rendered (<c>Fetch: Browser</c> only).</summary>
    public SourceBrowserOptions Browser { get; set; } = new();

    /// <summary>
    /// Regular expression over the URL a page ends on (after redirects): a match is the site's login page, a login wall.
    /// On a source with a <see cref="Cookie"/>, a login wall means the session expired: the source pauses until the
    /// cookie is renewed.
    /// </summary>
    public string? LoginUrl { get; set; }

    /// <summary>
    /// Read HTML held in comments, <c>&lt;code&gt;</c>/<c>&lt;textarea&gt;</c> pagelets and script-registered BigPipe
    /// chunks as part of the page (Tieba delivers its thread lists so). Off by default: it costs a second look at the page.
    /// </summary>
    public bool ParseHiddenContent { get; set; }

    /// <summary>
    /// <c>Urls</c> are pages of posts themselves (a thread, an article), not lists: each is read as a detail page — its
    /// posts, its further reply pages and its comment API — and stored. For collecting a known thread once.
    /// </summary>
    public bool UrlsAreDetailPages { get; set; }

    /// <summary>
    /// Share of a page's items (0–1) that may be skipped as unreadable (no id, author or text) before the page fails.
    /// A page with no readable item fails whatever the share.
    /// </summary>
    public double MaxSkippedShare { get; set; } = 0.5;

    /// <summary>Posts first seen within this window are re-fetched each run to refresh engagement and detect edits/deletion.</summary>
    public TimeSpan RecrawlWindow { get; set; } = TimeSpan.FromHours(48);

    /// <summary>Consecutive failed (or dark) runs after which a collector-health event is raised.</summary>
    public int DarkAfterRuns { get; set; } = 2;

    /// <summary>Honour robots.txt (default). Set false only with the site owner's consent; it is logged on every run.</summary>
    public bool RespectRobotsTxt { get; set; } = true;

    /// <summary>Extra request headers (values may be <c>env:NAME</c> or <c>secret:KEY</c>).</summary>
    public Dictionary<string, string> Headers { get; set; } = [];

    /// <summary>Cookie header value for logged-in sessions (<c>env:NAME</c> or <c>secret:KEY</c>; never committed).</summary>
    public string? Cookie { get; set; }

    /// <summary>
    /// Selectors (HTML: CSS, optionally <c>css@attribute</c>) or field paths (JSON: <c>data.cards[*].mblog</c>), keyed by role.
    /// A role <c>R.pattern</c> holds a regular expression whose first group is taken from R's value.
    /// The roles each kind understands are listed in <c>src/Crawler/README.md</c>.
    /// </summary>
    public Dictionary<string, string> Selectors { get; set; } = [];

    /// <summary>
    /// Host aliases mapped to one canonical host so the mobile and desktop URL of a post are one post,
    /// e.g. <c>"m.weibo.cn": "weibo.com"</c>.
    /// </summary>
    public Dictionary<string, string> CanonicalHosts { get; set; } = [];

    /// <summary>Extra query parameters dropped from URLs (on top of the built-in tracking list: utm_*, spm, from, share_*, fr, …).</summary>
    public List<string> TrackingParameters { get; set; } = [];

    /// <summary>Phrases that reveal a captcha, login wall, block page or deleted post instead of content.</summary>
    public PageMarkerOptions Markers { get; set; } = new();

    /// <summary>
    /// Internal addresses this source may reach (loopback, private, link-local…), on top of the global <c>Outbound</c>
    /// section; refused by default (docs/security.md). Set on the source itself, not in a profile.
    /// </summary>
    public OutboundRules Outbound { get; set; } = new();
}

/// <summary>How a source's pages are loaded.</summary>
public enum FetchMode
{
    /// <summary>HTTP answers, read as they come.</summary>
    Http,

    /// <summary>Rendered by Chromium (scripts run); see <see cref="SourceBrowserOptions"/>.</summary>
    Browser,
}

/// <summary>How a browser source's pages are rendered (<c>Crawler:Sources:N:Browser</c>).</summary>
public sealed class SourceBrowserOptions
{
    /// <summary>CSS selector that shows the page has rendered its content; the page fails when it never appears.</summary>
    public string? WaitFor { get; set; }

    /// <summary>
    /// Regular expression over the URLs of the JSON the page itself loads (XHR/fetch). When set, a Json source reads the
    /// captured answers with its field paths; an Html source reads the rendered document either way.
    /// </summary>
    public string? Capture { get; set; }

    /// <summary>
    /// Steps repeated after the page settles, to load more: <c>scroll</c> (to the bottom) and <c>click:CSS</c> (a "more"
    /// button; the round ends when it is gone). Run in order, as one round.
    /// </summary>
    public List<string> Steps { get; set; } = [];

    /// <summary>Most rounds of <see cref="Steps"/> per page; rounds also stop when one loads nothing new.</summary>
    public int MaxRounds { get; set; } = 5;
}

/// <summary>
/// Marker phrases per verdict (<c>Crawler:Sources:N:Markers</c>). They are looked for only when a page lacks the
/// content its selectors expect, so a post that merely quotes "验证码" never turns a good page into a captcha.
/// </summary>
public sealed class PageMarkerOptions
{
    /// <summary>Also use the built-in Chinese and English marker lists (default true).</summary>
    public bool UseGeneric { get; set; } = true;

    /// <summary>Captcha / human-verification page phrases.</summary>
    public List<string> Captcha { get; set; } = [];

    /// <summary>Login-wall phrases.</summary>
    public List<string> LoginWall { get; set; } = [];

    /// <summary>Block / rate-limit page phrases.</summary>
    public List<string> Block { get; set; } = [];

    /// <summary>"This post was deleted" phrases.</summary>
    public List<string> Deleted { get; set; } = [];
}
