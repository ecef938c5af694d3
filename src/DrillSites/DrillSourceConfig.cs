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
}
