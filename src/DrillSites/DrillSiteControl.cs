namespace SentimentWatch.DrillSites;

/// <summary>
/// Switches for one site's behaviours; change them at any time from a test (thread-safe, take effect on the next
/// request). Defaults: everything off except conditional GET.
/// </summary>
public sealed class DrillSiteControl
{
    private volatile bool _captcha;
    private volatile bool _loginWall;
    private volatile bool _emptyLists;
    private volatile bool _conditionalGet = true;
    private volatile DrillRateLimit? _rateLimit;
    private volatile string? _robotsTxt;
    private volatile StrongBox<int>? _failListPage;
    private volatile bool _wrongCharset;
    private volatile string? _failPath;
    private volatile StrongBox<double>? _clubSessionExpiresAt;
    private volatile bool _appNeverRenders;

    /// <summary>The Tieba members' board's session cookie handed out at the start (<see cref="ClubSessionExpiresAt"/> ends it).</summary>
    public const string ClubCookie = "BDUSS=drill-club-1";

    /// <summary>A renewed session cookie of the members' board: never expires.</summary>
    public const string RenewedClubCookie = "BDUSS=drill-club-2";

    internal DrillSiteControl(DrillSite site) => Site = site;

    /// <summary>The site these switches belong to.</summary>
    public DrillSite Site { get; }

    /// <summary>Every page except robots.txt answers with the site's captcha / security-check page (HTTP 200, as real sites do).</summary>
    public bool Captcha { get => _captcha; set => _captcha = value; }

    /// <summary>Every page except robots.txt answers with the site's login wall (HTTP 200 page or the API's login JSON).</summary>
    public bool LoginWall { get => _loginWall; set => _loginWall = value; }

    /// <summary>List, timeline, search and feed pages render their frame with zero items ("used to have items").</summary>
    public bool EmptyLists { get => _emptyLists; set => _emptyLists = value; }

    /// <summary>Answer ETag / Last-Modified and 304 on If-None-Match / If-Modified-Since (default on).</summary>
    public bool ConditionalGet { get => _conditionalGet; set => _conditionalGet = value; }

    /// <summary>When set, requests beyond the limit within a window get 429 with Retry-After.</summary>
    public DrillRateLimit? RateLimit { get => _rateLimit; set => _rateLimit = value; }

    /// <summary>Replaces the site's robots.txt (null: the default, which disallows <c>/private/</c>).</summary>
    public string? RobotsTxt { get => _robotsTxt; set => _robotsTxt = value; }

    /// <summary>The 1-based list/search/timeline page number that answers HTTP 500 (a failure mid-pagination), or null.</summary>
    public int? FailListPage
    {
        get => _failListPage?.Value;
        set => _failListPage = value is { } v ? new StrongBox<int>(v) : null;
    }

    /// <summary>
    /// Every request whose path (without the query) equals this answers HTTP 500, e.g. <c>/statuses/show</c>: a server fault
    /// on one endpoint while the rest of the site works. Null (default): off.
    /// </summary>
    public string? FailPath { get => _failPath; set => _failPath = value; }

    /// <summary>Declare UTF-8 in the header and meta tag of the site's HTML pages while the bytes stay in the site's own charset (GBK on Discuz).</summary>
    public bool WrongCharset { get => _wrongCharset; set => _wrongCharset = value; }

    /// <summary>
    /// Scenario second from which the members' board (Tieba, board <c>法考会员</c>) no longer accepts <see cref="ClubCookie"/>:
    /// its pages redirect to the login page. Null (default): the session never expires.
    /// </summary>
    public double? ClubSessionExpiresAt
    {
        get => _clubSessionExpiresAt?.Value;
        set => _clubSessionExpiresAt = value is { } v ? new StrongBox<double>(v) : null;
    }

    /// <summary>The browser-only board's page never renders its threads (its script never asks for them): a page that never settles.</summary>
    public bool AppNeverRenders { get => _appNeverRenders; set => _appNeverRenders = value; }

    /// <summary>Turns every switch back to its default.</summary>
    public void Reset()
    {
        Captcha = false;
        LoginWall = false;
        EmptyLists = false;
        ConditionalGet = true;
        RateLimit = null;
        RobotsTxt = null;
        FailListPage = null;
        WrongCharset = false;
        FailPath = null;
        ClubSessionExpiresAt = null;
        AppNeverRenders = false;
    }

    private sealed class StrongBox<T>(T value)
    {
        public T Value { get; } = value;
    }
}

/// <summary>At most <paramref name="Requests"/> requests per <paramref name="Window"/> per site; the rest get <paramref name="Status"/> with Retry-After.</summary>
/// <param name="Requests">Requests allowed per window (counted over all paths except robots.txt).</param>
/// <param name="Window">Fixed window length, measured on the server's clock.</param>
/// <param name="RetryAfter">Value of the Retry-After header (whole seconds).</param>
/// <param name="Status">429 (default) or 503, the two statuses real sites throttle with.</param>
public sealed record DrillRateLimit(int Requests, TimeSpan Window, TimeSpan RetryAfter, int Status = 429);

/// <summary>Fault endpoints every site serves under <c>/_drill/fault/</c>.</summary>
public enum DrillFault
{
    /// <summary><c>/_drill/fault/huge</c>: a 20 MB HTML page (streamed).</summary>
    HugePage,

    /// <summary><c>/_drill/fault/redirect-loop</c>: 302 → <c>/_drill/fault/redirect-loop2</c> → 302 back, forever.</summary>
    RedirectLoop,

    /// <summary><c>/_drill/fault/hang</c>: headers never come; the request hangs until the client gives up or the server stops.</summary>
    Hang,

    /// <summary><c>/_drill/fault/not-html</c>: a PNG image body where a page was expected.</summary>
    NotHtml,

    /// <summary><c>/_drill/fault/wrong-charset</c>: a forum page in GBK bytes that declares UTF-8 (header and meta).</summary>
    WrongCharset,

    /// <summary><c>/_drill/fault/500</c>: an HTTP 500 error page.</summary>
    ServerError,
}

/// <summary>One request the server answered.</summary>
/// <param name="Site">Site that answered.</param>
/// <param name="Method">HTTP method.</param>
/// <param name="PathAndQuery">Path and raw query as sent.</param>
/// <param name="At">Server clock time of arrival.</param>
/// <param name="Status">Status code answered.</param>
/// <param name="Conditional">Whether the request carried If-None-Match or If-Modified-Since.</param>
/// <param name="UserAgent">User-Agent header, if any.</param>
public sealed record DrillRequest(DrillSite Site, string Method, string PathAndQuery, DateTimeOffset At, int Status, bool Conditional, string? UserAgent);
