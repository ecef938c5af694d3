using System.Globalization;

namespace SentimentWatch.DrillSites;

/// <summary>
/// Crawler configuration (as configuration keys) for crawling a running drill server with the ready-made profiles:
/// one source per site kind plus a keyword search on the GBK forum. Used by <c>sw demo</c>, tests and benchmarks.
/// </summary>
public static class DrillSourceConfig
{
    /// <summary>The source ids this configuration defines, in order.</summary>
    public static IReadOnlyList<string> SourceIds { get; } = ["drill-tieba", "drill-discuz", "drill-discuz-search", "drill-weibo", "drill-news", "drill-rss", "drill-atom"];

    /// <param name="drill">The running server.</param>
    /// <param name="interval">Schedule of every source (ignored by one-off crawls).</param>
    /// <param name="maxPages">Most list pages per start URL per run.</param>
    public static IReadOnlyDictionary<string, string?> For(DrillServer drill, TimeSpan interval, int maxPages = 20)
    {
        ArgumentNullException.ThrowIfNull(drill);
        var keys = new Dictionary<string, string?>(StringComparer.Ordinal);
        var i = 0;
        void Source(string id, string profile, DrillSite site, string? path, string? searchTemplate = null, params string[] keywords)
        {
            var prefix = $"Crawler:Sources:{i++}:";
            keys[prefix + "Id"] = id;
            keys[prefix + "Profile"] = profile;
            // Drill sites run on 127.0.0.1; loopback is refused by default, so each drill source allows it explicitly.
            keys[prefix + "Outbound:AllowLoopback"] = "true";
            keys[prefix + "Interval"] = interval.ToString("c", CultureInfo.InvariantCulture);
            keys[prefix + "MaxPages"] = maxPages.ToString(CultureInfo.InvariantCulture);
            if (path is not null)
            {
                keys[prefix + "Urls:0"] = new Uri(drill.BaseUri(site), path).AbsoluteUri;
            }

            if (searchTemplate is not null)
            {
                keys[prefix + "SearchUrlTemplate"] = drill.BaseUri(site).AbsoluteUri + searchTemplate;
                for (var k = 0; k < keywords.Length; k++)
                {
                    keys[prefix + $"Keywords:{k}"] = keywords[k];
                }
            }
        }

        Source("drill-tieba", "tieba", DrillSite.Tieba, "f?kw=%E6%B3%95%E8%80%83&ie=utf-8&pn=0");
        Source("drill-discuz", "discuz", DrillSite.Discuz, "forum.php?mod=forumdisplay&fid=2&page=1");
        Source("drill-discuz-search", "discuz", DrillSite.Discuz, null, "search.php?mod=forum&srchtxt={keyword}&searchsubmit=yes&page={page}", "法考 答案", "法考 真题");
        Source("drill-weibo", "weibo", DrillSite.Weibo, "api/container/getIndex?containerid=102803&page=1");
        // The weibo profile names m.weibo.cn in its URL templates; point them at the drill server instead.
        var weibo = drill.BaseUri(DrillSite.Weibo).AbsoluteUri;
        var weiboPrefix = $"Crawler:Sources:{i - 1}:Selectors:";
        keys[weiboPrefix + "link"] = weibo + "detail/{id}";
        keys[weiboPrefix + "detailUrl"] = weibo + "comments/hotflow?id={id}&mid={id}&max_id_type=0";
        keys[weiboPrefix + "detail.link"] = weibo + "detail/{$query.mid}";
        keys[weiboPrefix + "recrawlUrl"] = weibo + "statuses/show?id={id}";
        Source("drill-news", "news", DrillSite.News, "news/?page=1");
        Source("drill-rss", "rss", DrillSite.Feeds, "rss.xml");
        Source("drill-atom", "rss", DrillSite.Feeds, "atom.xml");
        return keys;
    }

    /// <summary>The source ids <see cref="Boards"/> defines, in order.</summary>
    public static IReadOnlyList<string> BoardSourceIds { get; } = ["drill-tieba-app", "drill-tieba-club"];

    /// <summary>Secret key holding the members' board's session cookie (<c>Secrets:drill-club-cookie</c>).</summary>
    public const string ClubCookieSecret = "drill-club-cookie";

    /// <summary>
    /// Sources for the two Tieba boards of <c>scenarios/demo-boards.jsonl</c>, numbered after <see cref="For"/>'s: the
    /// browser-only board read through Chromium (the JSON its script loads, mapped by field paths; "加载更多" clicked until
    /// gone), and the login-walled board read with the session cookie <see cref="DrillSiteControl.ClubCookie"/> kept as a
    /// secret, its login page named so a redirect there is a session that expired.
    /// </summary>
    public static IReadOnlyDictionary<string, string?> Boards(DrillServer drill, TimeSpan interval)
    {
        ArgumentNullException.ThrowIfNull(drill);
        var first = For(drill, interval).Keys.Count(k => k.EndsWith(":Id", StringComparison.Ordinal));
        var tieba = drill.BaseUri(DrillSite.Tieba);
        var app = $"Crawler:Sources:{first}:";
        var club = $"Crawler:Sources:{first + 1}:";
        var every = interval.ToString("c", CultureInfo.InvariantCulture);
        return new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            [app + "Id"] = "drill-tieba-app",
            [app + "Kind"] = "Json",
            [app + "Platform"] = "tieba",
            [app + "Fetch"] = "Browser",
            [app + "Urls:0"] = new Uri(tieba, "f?kw=" + Uri.EscapeDataString("法考app")).AbsoluteUri,
            [app + "Interval"] = every,
            [app + "Outbound:AllowLoopback"] = "true",
            [app + "Browser:WaitFor"] = "li.app-thread",
            [app + "Browser:Capture"] = "/app/api/threads\\?",
            [app + "Browser:Steps:0"] = "click:#more",
            [app + "Browser:MaxRounds"] = "10",
            [app + "Selectors:items"] = "data.threads[*]",
            [app + "Selectors:id"] = "tid",
            [app + "Selectors:link"] = "/p/{tid}",
            [app + "Selectors:title"] = "title",
            [app + "Selectors:body"] = "text",
            [app + "Selectors:time"] = "create_time",
            [app + "Selectors:authorId"] = "author.id",
            [app + "Selectors:authorName"] = "author.name",
            [app + "Selectors:comments"] = "reply_num",
            [club + "Id"] = "drill-tieba-club",
            [club + "Profile"] = "tieba",
            [club + "Urls:0"] = new Uri(tieba, "f?kw=" + Uri.EscapeDataString("法考会员") + "&ie=utf-8&pn=0").AbsoluteUri,
            [club + "Interval"] = every,
            [club + "Outbound:AllowLoopback"] = "true",
            [club + "Cookie"] = "secret:" + ClubCookieSecret,
            [club + "LoginUrl"] = "/passport/login",
            ["Secrets:" + ClubCookieSecret] = DrillSiteControl.ClubCookie,
        };
    }
}
