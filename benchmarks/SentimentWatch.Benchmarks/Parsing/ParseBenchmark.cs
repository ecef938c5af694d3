using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SentimentWatch.Crawler.Parsing;
using SentimentWatch.Crawler.Sources;

namespace SentimentWatch.Benchmarks.Parsing;

/// <summary>
/// Parser throughput per ready-made profile on realistic pages held in memory (no network, no store): posts/s and
/// peak working set. <c>parse [seconds-per-profile]</c>, default 3.
/// </summary>
internal sealed class ParseBenchmark : IBenchmark
{
    private static readonly DateTimeOffset FetchedAt = new(2024, 9, 14, 4, 0, 0, TimeSpan.Zero);

    public string Name => "parse";

    public string Description => "HTML/JSON/feed parser throughput per shipped profile (posts/s, peak memory)";

    public Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var seconds = args.Length > 0 && double.TryParse(args[0], CultureInfo.InvariantCulture, out var s) ? s : 3;
        var config = new ConfigurationBuilder().AddInMemoryCollection(Sources()).Build();
        using var provider = new ServiceCollection().AddSources(config).BuildServiceProvider();
        var parser = provider.GetRequiredService<IPageParser>();
        var sources = provider.GetRequiredService<IOptions<CrawlerOptions>>().Value.Sources.ToDictionary(x => x.Id);

        Console.WriteLine($"parse benchmark: {Environment.ProcessorCount} cores, {RuntimeInformationText()}, {seconds:0.#} s per case, single thread");
        Console.WriteLine($"{"case",-26} {"posts/page",10} {"pages/s",10} {"posts/s",10}");
        var cases = new (string Source, PageRole Role, string Url, string Body)[]
        {
            ("tieba", PageRole.List, "https://tieba.baidu.com/f?kw=x&pn=0", TiebaList(50)),
            ("tieba", PageRole.Detail, "https://tieba.baidu.com/p/9100000001", TiebaThread(30)),
            ("discuz", PageRole.List, "http://bbs.example.cn/forum.php?mod=forumdisplay&fid=2", DiscuzList(20)),
            ("weibo", PageRole.List, "https://m.weibo.cn/api/container/getIndex?containerid=102803&page=1", WeiboCards(10)),
            ("weibo", PageRole.Detail, "https://m.weibo.cn/comments/hotflow?id=1&mid=1&max_id_type=0", WeiboComments(20)),
            ("rss", PageRole.List, "https://exam.example.cn/rss.xml", Rss(50)),
        };

        long totalPosts = 0;
        var totalTime = TimeSpan.Zero;
        foreach (var (id, role, url, body) in cases)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var source = sources[id];
            var uri = new Uri(url);
            var first = parser.Parse(source, role, uri, body, FetchedAt, null);
            if (first.Verdict != PageVerdict.Content || first.Posts.Count == 0)
            {
                Console.Error.WriteLine($"{id} {role}: the benchmark page did not parse ({first.Verdict}: {first.VerdictReason})");
                return Task.FromResult(1);
            }

            var sw = Stopwatch.StartNew();
            long pages = 0, posts = 0;
            while (sw.Elapsed.TotalSeconds < seconds)
            {
                posts += parser.Parse(source, role, uri, body, FetchedAt, null).Posts.Count;
                pages++;
            }

            sw.Stop();
            totalPosts += posts;
            totalTime += sw.Elapsed;
            Console.WriteLine($"{id + " " + role.ToString().ToLowerInvariant(),-26} {first.Posts.Count,10} {pages / sw.Elapsed.TotalSeconds,10:0} {posts / sw.Elapsed.TotalSeconds,10:0}");
        }

        Console.WriteLine($"{"all cases",-26} {"",10} {"",10} {totalPosts / totalTime.TotalSeconds,10:0}");
        Console.WriteLine($"peak working set: {Process.GetCurrentProcess().PeakWorkingSet64 / (1024 * 1024)} MB");
        return Task.FromResult(0);
    }

    private static string RuntimeInformationText() => System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription;

    internal static Dictionary<string, string?> Sources()
    {
        var pairs = new Dictionary<string, string?> { ["Crawler:Profiles"] = "config/profiles" };
        var i = 0;
        foreach (var profile in new[] { "tieba", "discuz", "weibo", "rss" })
        {
            pairs[$"Crawler:Sources:{i}:Id"] = profile;
            pairs[$"Crawler:Sources:{i}:Profile"] = profile;
            pairs[$"Crawler:Sources:{i}:Urls:0"] = "https://example.cn/";
            pairs[$"Crawler:Sources:{i}:Interval"] = "00:05:00";
            i++;
        }

        return pairs;
    }

    internal static string TiebaList(int n)
    {
        var sb = new StringBuilder("<!DOCTYPE html><html><head><meta charset=\"UTF-8\"><title>法考吧-百度贴吧</title></head><body><ul id=\"thread_list\">");
        for (var i = 0; i < n; i++)
        {
            var tid = 9100000000 + i;
            sb.Append(CultureInfo.InvariantCulture, $"<li class=\" j_thread_list clearfix\" data-field='{{&quot;id&quot;:{tid},&quot;reply_num&quot;:{i}}}' data-tid=\"{tid}\"><div class=\"t_con\"><span class=\"threadlist_rep_num\">{i}</span>")
              .Append(CultureInfo.InvariantCulture, $"<a class=\"j_th_tit\" href=\"/p/{tid}\" title=\"标题{i}\">有人收到客观题答案吗？第{i}帖</a>")
              .Append(CultureInfo.InvariantCulture, $"<span class=\"tb_icon_author\" data-field='{{&quot;user_id&quot;:{1000 + i}}}'><a class=\"frs-author-name\">用户{i}</a></span><span class=\"is_show_create_time\">9-14</span>")
              .Append("<div class=\"threadlist_abs\">群里有人说有今年客观题的答案，800一套，是真的吗？</div></div></li>");
        }

        return sb.Append("</ul><div id=\"frs_list_pager\"><a class=\"next\" href=\"/f?kw=x&amp;pn=50\">下一页&gt;</a></div></body></html>").ToString();
    }

    private static string TiebaThread(int floors)
    {
        var sb = new StringBuilder("<!DOCTYPE html><html><head><meta charset=\"UTF-8\"></head><body><h3 class=\"core_title_txt\">标题</h3><div id=\"j_p_postlist\">");
        for (var i = 1; i <= floors; i++)
        {
            var pid = 150000000000 + i;
            sb.Append(CultureInfo.InvariantCulture, $"<div class=\"l_post j_l_post\" data-pid=\"{pid}\" data-field='{{&quot;content&quot;:{{&quot;post_id&quot;:{pid},&quot;post_no&quot;:{i},&quot;comment_num&quot;:0}}}}'>")
              .Append(CultureInfo.InvariantCulture, $"<ul class=\"p_author\"><li class=\"d_name\" data-field='{{&quot;user_id&quot;:{2000 + i}}}'><a class=\"p_author_name\">楼层用户{i}</a></li></ul>")
              .Append(CultureInfo.InvariantCulture, $"<div class=\"d_post_content\">第{i}楼的内容，讨论客观题复习方法。<br>第二行</div>")
              .Append(CultureInfo.InvariantCulture, $"<div class=\"post-tail-wrap\"><span class=\"tail-info\">{i}楼</span><span class=\"tail-info\">2024-09-14 10:{i % 60:00}</span></div></div>");
        }

        return sb.Append("</div></body></html>").ToString();
    }

    private static string DiscuzList(int n)
    {
        var sb = new StringBuilder("<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gbk\" /></head><body><table id=\"threadlisttableid\">");
        for (var i = 0; i < n; i++)
        {
            var tid = 1000 + i;
            sb.Append(CultureInfo.InvariantCulture, $"<tbody id=\"normalthread_{tid}\"><tr><th class=\"new\"><a href=\"forum.php?mod=viewthread&amp;tid={tid}&amp;extra=page%3D1\" class=\"s xst\">主观题答题模板{i}</a></th>")
              .Append(CultureInfo.InvariantCulture, $"<td class=\"by\"><cite><a href=\"home.php?mod=space&amp;uid={i}\">作者{i}</a></cite><em><span title=\"2024-9-14 10:00\">3&nbsp;分钟前</span></em></td>")
              .Append(CultureInfo.InvariantCulture, $"<td class=\"num\"><a class=\"xi2\">{i}</a><em>{i * 10}</em></td></tr></tbody>");
        }

        return sb.Append("</table><div class=\"pg\"><a class=\"nxt\" href=\"forum.php?mod=forumdisplay&amp;fid=2&amp;page=2\">下一页</a></div></body></html>").ToString();
    }

    private static string WeiboCards(int n)
    {
        var cards = Enumerable.Range(0, n).Select(i =>
            "{\"card_type\":9,\"mblog\":{\"id\":\"" + (4951000000000000 + (2 * i)).ToString(CultureInfo.InvariantCulture)
            + "\",\"created_at\":\"" + i.ToString(CultureInfo.InvariantCulture) + "分钟前\",\"text\":\"<a href=\\\"/search\\\"><span class=\\\"surl-text\\\">#法考#</span></a> 第"
            + i.ToString(CultureInfo.InvariantCulture) + "条微博<br />第二行\",\"reposts_count\":" + i.ToString(CultureInfo.InvariantCulture)
            + ",\"comments_count\":\"1.2万\",\"attitudes_count\":" + (i * 3).ToString(CultureInfo.InvariantCulture)
            + ",\"isLongText\":false,\"user\":{\"id\":" + (1000 + i).ToString(CultureInfo.InvariantCulture) + ",\"screen_name\":\"用户"
            + i.ToString(CultureInfo.InvariantCulture) + "\",\"followers_count\":\"3.2万\"}}}");
        return "{\"ok\":1,\"data\":{\"cardlistInfo\":{\"page\":2},\"cards\":[" + string.Join(',', cards) + "]}}";
    }

    private static string WeiboComments(int n)
    {
        var items = Enumerable.Range(0, n).Select(i =>
            "{\"id\":\"" + (4951000000000001 + (2 * i)).ToString(CultureInfo.InvariantCulture) + "\",\"status_mid\":\"1\",\"created_at\":\"今天 08:"
            + (i % 60).ToString("00", CultureInfo.InvariantCulture) + "\",\"text\":\"评论" + i.ToString(CultureInfo.InvariantCulture)
            + "<span class=\\\"url-icon\\\"><img alt=\\\"[吃瓜]\\\" /></span>\",\"like_count\":" + i.ToString(CultureInfo.InvariantCulture)
            + ",\"user\":{\"id\":" + (3000 + i).ToString(CultureInfo.InvariantCulture) + ",\"screen_name\":\"评论者" + i.ToString(CultureInfo.InvariantCulture)
            + "\",\"followers_count\":" + i.ToString(CultureInfo.InvariantCulture) + "},\"comments\":[]}");
        return "{\"ok\":1,\"data\":{\"data\":[" + string.Join(',', items) + "],\"total_number\":" + n.ToString(CultureInfo.InvariantCulture) + ",\"max_id\":123,\"max_id_type\":0}}";
    }

    private static string Rss(int n)
    {
        var sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><channel><title>t</title>");
        for (var i = 0; i < n; i++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<item><title>公告{i}</title><link>https://exam.example.cn/item/{i}.html</link><guid isPermaLink=\"false\">drill-feed-{i}</guid>")
              .Append(CultureInfo.InvariantCulture, $"<dc:creator>考试中心</dc:creator><pubDate>Sat, 14 Sep 2024 10:00:00 +0800</pubDate><description><![CDATA[<p>第{i}条公告内容</p>]]></description></item>");
        }

        return sb.Append("</channel></rss>").ToString();
    }
}
