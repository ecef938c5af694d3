namespace SentimentWatch.Crawler.Sources;

/// <summary>Top-level crawler options: the configured sources (section <c>Crawler</c>).</summary>
public sealed class CrawlerOptions
{
    public const string Section = "Crawler";

    /// <summary>Sources to crawl. Each becomes one scheduled job.</summary>
    public List<SourceOptions> Sources { get; set; } = [];

    /// <summary>Directory of ready-made profiles (<c>{Profiles}/{name}.json</c>) a source can name in <see cref="SourceOptions.Profile"/>.</summary>
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

/// <summary>One configured source (<c>Crawler:Sources:N</c>).</summary>
public sealed class SourceOptions
{
    /// <summary>Unique id, [a-z0-9_-]+.</summary>
    public string Id { get; set; } = "";

    /// <summary>Ready-made profile to start from (selectors, platform); keys set here override it.</summary>
    public string? Profile { get; set; }

    public SourceKind? Kind { get; set; }

    /// <summary>Platform family stored with each post: tieba, discuz, weibo, news, rss, …</summary>
    public string? Platform { get; set; }

    public bool Enabled { get; set; } = true;

    /// <summary>List / feed / API URLs to start from.</summary>
    public List<string> Urls { get; set; } = [];

    /// <summary>Keyword search: a URL template with <c>{keyword}</c> (URL-encoded in the page's charset) and optional <c>{page}</c>.</summary>
    public string? SearchUrlTemplate { get; set; }

    public List<string> Keywords { get; set; } = [];

    /// <summary>Quartz cron expression (seconds first), e.g. <c>0 */5 * * * ?</c>. Either this or <see cref="Interval"/>.</summary>
    public string? Cron { get; set; }

    /// <summary>Run every interval, e.g. <c>00:05:00</c>.</summary>
    public TimeSpan? Interval { get; set; }

    /// <summary>Most list pages followed per start URL per run.</summary>
    public int MaxPages { get; set; } = 5;

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

    /// <summary>Selectors / field paths, keyed by role. See the profiles for the keys each kind understands.</summary>
    public Dictionary<string, string> Selectors { get; set; } = [];
}
