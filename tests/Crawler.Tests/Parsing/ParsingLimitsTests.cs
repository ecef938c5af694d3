using Microsoft.Extensions.Options;
using SentimentWatch.Crawler.Parsing;
using static SentimentWatch.Crawler.Tests.Parsing.ParsingFixtures;

namespace SentimentWatch.Crawler.Tests.Parsing;

/// <summary>Pages built to stall the parser fail fast with the limit named (issue 13); real pages are unaffected.</summary>
public sealed class ParsingLimitsTests
{
    private static string Nested(int levels, string tag = "div") =>
        "<html><body>" + string.Concat(Enumerable.Repeat($"<{tag}>", levels)) + "出售答案" + string.Concat(Enumerable.Repeat($"</{tag}>", levels)) + "</body></html>";

    private static SourcePageParser Parser(ParsingOptions? o = null) => new(Options.Create(o ?? new ParsingOptions()));

    [Theory]
    [InlineData(10_000, "div")]
    [InlineData(50_000, "div")]
    [InlineData(200_000, "div")]
    [InlineData(50_000, "b")]
    [InlineData(50_000, "span")]
    public void Parse_DeeplyNestedPage_FailsWithReasonInBoundedTime(int levels, string tag)
    {
        var html = Nested(levels, tag);
        var page = Parser().Parse(Source("tieba"), PageRole.List, new Uri("https://example.cn/deep"), html, FetchedAt, null);

        Assert.Equal(PageVerdict.NotParseable, page.Verdict);
        Assert.Contains("nesting deeper than 512", page.VerdictReason, StringComparison.Ordinal);
        // The reason comes from the linear pre-scan, before any tree is built (50,000 levels once took 52 s to build);
        // its speed is measured by the parse-limits benchmark, not asserted here.
    }

    [Fact]
    public void Parse_RealPageInsideDeepButAllowedNesting_StillParsed()
    {
        var list = Text("tieba/list.html");
        var body = list.IndexOf("<body", StringComparison.OrdinalIgnoreCase);
        var open = list.IndexOf('>', body) + 1;
        var close = list.LastIndexOf("</body>", StringComparison.OrdinalIgnoreCase);
        // 400 wrappers plus the page's own nesting stay below 512; void and self-closing tags and <p>/<li> add nothing.
        var wrapped = list[..open] + string.Concat(Enumerable.Repeat("<div><br><img src=x /><p>", 400)) + list[open..close] + string.Concat(Enumerable.Repeat("</div>", 400)) + list[close..];

        var page = Parser().Parse(Source("tieba"), PageRole.List, new Uri("https://tieba.baidu.com/f?kw=x"), wrapped, FetchedAt, null);

        Assert.Equal(PageVerdict.Content, page.Verdict);
        Assert.Equal(3, page.Posts.Count);
    }

    [Fact]
    public void Parse_SlowPageWithinDepth_FailsAtMaxParseTime()
    {
        var parser = Parser(new ParsingOptions { MaxDepth = 10_000, MaxParseTime = TimeSpan.FromMilliseconds(100) });
        // 200 sibling trees 9,000 deep: 3.6 million elements, far more than any machine builds in 0.1 s, so the limit is
        // what ends the parse however fast the machine (one tree alone parsed within 0.1 s on a quiet CI run).
        var tree = string.Concat(Enumerable.Repeat("<div>", 9_000)) + "出售答案" + string.Concat(Enumerable.Repeat("</div>", 9_000));
        var page = parser.Parse(Source("tieba"), PageRole.List, new Uri("https://example.cn/slow"), "<html><body>" + string.Concat(Enumerable.Repeat(tree, 200)) + "</body></html>", FetchedAt, null);

        Assert.Equal(PageVerdict.NotParseable, page.Verdict);
        Assert.Contains("parsing took longer than 00:00:00.1", page.VerdictReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_JsonNestedTooDeep_FailsNamingTheLimit()
    {
        var json = "{\"data\":" + new string('[', 5_000) + new string(']', 5_000) + "}";
        var page = Parser().Parse(Source("weibo"), PageRole.List, new Uri("https://example.cn/api"), json, FetchedAt, null);
        Assert.Equal(PageVerdict.NotParseable, page.Verdict);
        Assert.Contains("JSON nesting deeper than 128", page.VerdictReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_JsonLargerThanLimit_FailsNamingTheLimit()
    {
        var json = "{\"data\":[\"" + new string('x', 5_000) + "\"]}";
        var page = Parser(new ParsingOptions { MaxJsonChars = 4_096 }).Parse(Source("weibo"), PageRole.List, new Uri("https://example.cn/api"), json, FetchedAt, null);
        Assert.Equal(PageVerdict.NotParseable, page.Verdict);
        Assert.Contains("larger than 4096 (Crawler:Parsing:MaxJsonChars)", page.VerdictReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_OutOfRangeLimits_EveryKeyNamed()
    {
        var result = new ParsingOptionsValidator().Validate(null, new ParsingOptions { MaxDepth = 5, MaxParseTime = TimeSpan.Zero, MaxJsonDepth = 100_000, MaxJsonChars = 10 });
        Assert.True(result.Failed);
        foreach (var key in new[] { "Crawler:Parsing:MaxDepth '5'", "Crawler:Parsing:MaxParseTime", "Crawler:Parsing:MaxJsonDepth", "Crawler:Parsing:MaxJsonChars" })
        {
            Assert.Contains(key, result.FailureMessage, StringComparison.Ordinal);
        }
    }
}
