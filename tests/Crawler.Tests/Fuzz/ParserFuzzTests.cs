using CsCheck;
using SentimentWatch.Crawler.Parsing;
using SentimentWatch.Testing;
using Xunit.Abstractions;
using static SentimentWatch.Crawler.Tests.Parsing.ParsingFixtures;

namespace SentimentWatch.Crawler.Tests.Fuzz;

/// <summary>
/// Fuzzing the page parsers directly (not through <see cref="SourcePageParser"/>, which turns any exception into a
/// verdict): every input gets a verdict, never an exception, in bounded time (issue 13).
/// </summary>
public sealed class ParserFuzzTests(ITestOutputHelper output)
{
    private static readonly Uri Url = new("https://tieba.baidu.com/f?kw=x");

    private static readonly HtmlPageParser Html = new(new ParsingOptions());
    private static readonly JsonPageParser Json = new(new ParsingOptions());
    private static readonly FeedPageParser Feed = new();

    private static readonly string[] HtmlTokens =
    [
        "<html>", "<body>", "</body>", "<div>", "</div>", "<ul id=\"thread_list\">", "</ul>", "<li class=\" j_thread_list clearfix\" data-tid=\"1\">", "</li>",
        "<a class=\"j_th_tit\" href=\"/p/1\">", "<a href=\"javascript:alert(1)\">", "</a>", "<div class=\"threadlist_abs\">", "<span class=\"pull_right\">",
        "<script>", "</script>", "<style>", "<!--", "-->", "<![CDATA[", "]]>", "<base href=\"//x\">", "<base href=\"file:///etc/passwd\">", "<table>", "<tr>", "<td>",
        "<p>", "<br/>", "&amp;", "&#0;", "&#xD800;", "&nbsp;", "\"", "'", "<", ">", "=", "/", "法考答案", "出售", "2024-09-14 10:00", "3分钟前", "\0", "\ufffd", "\ud800",
        "<template>", "<svg>", "<math>", "<noscript>", "<textarea>", "<select><option>", "<frameset>", "<title>",
    ];

    private static readonly string[] JsonTokens =
    [
        "{", "}", "[", "]", ",", ":", "\"data\"", "\"cards\"", "\"mblog\"", "\"id\"", "\"text\"", "\"created_at\"", "\"user\"", "\"screen_name\"",
        "\"法考答案\"", "\"<a href=x>链接</a>\"", "1", "-1", "1e999", "99999999999999999999999", "0.5", "true", "false", "null", "\"\\ud800\"", "\"\\u0000\"",
        "\"Sat Sep 14 10:00:00 +0800 2024\"", "\"3分钟前\"", "/*", "*/", "//", "jsonp(", ")", ";", "\"reposts_count\"", "\"comments_count\"",
    ];

    private static readonly string[] FeedTokens =
    [
        "<?xml version=\"1.0\"?>", "<?xml version=\"1.0\" encoding=\"gbk\"?>", "<rss version=\"2.0\">", "</rss>", "<channel>", "</channel>", "<item>", "</item>",
        "<title>", "</title>", "<link>", "</link>", "<description>", "</description>", "<pubDate>", "</pubDate>", "<guid>", "</guid>",
        "<feed xmlns=\"http://www.w3.org/2005/Atom\">", "</feed>", "<entry>", "</entry>", "<updated>", "</updated>", "<![CDATA[", "]]>",
        "<!DOCTYPE x [<!ENTITY e \"法考\">]>", "&e;", "&amp;", "&#xD800;", "Sat, 14 Sep 2024 10:00:00 +0800", "2024-09-14T10:00:00+08:00", "http://x/1", "法考答案", "<", ">", "\"",
    ];

    private static readonly string[] TimeTokens =
    [
        "0", "1", "9", "12", "24", "60", "99", "2024", "99999999999999999999", "-", ":", " ", "T", "Z", "+08:00", "+99:99", "年", "月", "日", "时", "分", "秒",
        "前", "分钟前", "小时前", "天前", "昨天", "前天", "今天", "刚刚", "上午", "下午", "晚上", "１", "２", "〇", "一", "十", "星期", "/", ".", "\0",
    ];

    [Fact]
    public void Html_RandomPages_VerdictNeverException() =>
        FuzzRun.Run(FuzzRun.Tokens(HtmlTokens), text => Html.Parse(Source("tieba"), PageRole.List, Url, text, FetchedAt, null), output, "html list");

    [Fact]
    public void HtmlDetail_RandomPages_VerdictNeverException() =>
        FuzzRun.Run(FuzzRun.Tokens(HtmlTokens), text => Html.Parse(Source("discuz"), PageRole.Detail, Url, text, FetchedAt, null), output, "html detail");

    [Fact]
    public void Json_RandomAnswers_VerdictNeverException() =>
        FuzzRun.Run(FuzzRun.Tokens(JsonTokens), text => Json.Parse(Source("weibo"), PageRole.List, Url, text, FetchedAt, null), output, "json");

    [Fact]
    public void Feed_RandomFeeds_VerdictNeverException() =>
        FuzzRun.Run(FuzzRun.Tokens(FeedTokens), text => Feed.Parse(Source("rss"), PageRole.List, Url, text, FetchedAt, null), output, "feed");

    [Fact]
    public void ChineseTime_RandomTexts_NullOrATimeNeverException() =>
        FuzzRun.Run(FuzzRun.Tokens(TimeTokens), text => ChineseTime.Parse(text, FetchedAt), output, "chinese time");

    [Theory]
    [InlineData("html")]
    [InlineData("json")]
    [InlineData("feed")]
    [InlineData("time")]
    public void Corpus_EveryKeptInput_StillAVerdict(string target)
    {
        var files = Directory.GetFiles(FuzzRun.CorpusDir(target));
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var text = File.ReadAllText(file);
            Fuzzing.Within(FuzzRun.MaxPerInput, Path.GetFileName(file), () => _ = target switch
            {
                "html" => (object?)Html.Parse(Source("tieba"), PageRole.List, Url, text, FetchedAt, null),
                "json" => Json.Parse(Source("weibo"), PageRole.List, Url, text, FetchedAt, null),
                "feed" => Feed.Parse(Source("rss"), PageRole.List, Url, text, FetchedAt, null),
                _ => ChineseTime.Parse(text, FetchedAt),
            });
        }
    }
}
