using SentimentWatch.Crawler.Fetching;

namespace SentimentWatch.Crawler.Tests.Fetching;

public sealed class RobotsTxtTests
{
    private static bool Allowed(string robots, string pathAndQuery, string product = "SentimentWatch") =>
        RobotsTxt.Parse(robots, product).IsAllowed(new Uri("http://bbs.example.cn" + pathAndQuery));

    [Fact]
    public void Parse_GroupNamingUs_OverridesStarGroup()
    {
        const string robots = "User-agent: *\nDisallow: /\n\nUser-agent: SentimentWatch\nDisallow: /private/\n";

        Assert.True(Allowed(robots, "/forum-12-1.html"));
        Assert.False(Allowed(robots, "/private/x"));
        Assert.False(Allowed(robots, "/forum-12-1.html", product: "OtherBot"));
    }

    [Fact]
    public void Parse_ProductTokenWithVersionAndOtherCase_Matches()
    {
        const string robots = "User-agent: sentimentwatch/2.1\nDisallow: /search\n\nUser-agent: *\nDisallow:\n";

        Assert.False(Allowed(robots, "/search?q=法考"));
        Assert.True(Allowed(robots, "/thread-1-1-1.html"));
    }

    [Fact]
    public void Parse_SeveralGroupsForUs_AreMerged()
    {
        const string robots = "User-agent: SentimentWatch\nDisallow: /a\n\nUser-agent: Googlebot\nDisallow: /\n\nUser-agent: SentimentWatch\nDisallow: /b\n";

        Assert.False(Allowed(robots, "/a/1"));
        Assert.False(Allowed(robots, "/b/1"));
        Assert.True(Allowed(robots, "/c/1"));
    }

    [Fact]
    public void Parse_ConsecutiveUserAgentLines_ShareOneGroup()
    {
        const string robots = "User-agent: Baiduspider\nUser-agent: SentimentWatch\nDisallow: /member/\n";

        Assert.False(Allowed(robots, "/member/login"));
    }

    [Fact]
    public void IsAllowed_LongestMatchWins_AllowBreaksTies()
    {
        const string robots = "User-agent: *\nDisallow: /forum\nAllow: /forum/public\nDisallow: /p\nAllow: /p\n";

        Assert.False(Allowed(robots, "/forum/secret"));
        Assert.True(Allowed(robots, "/forum/public/1"));
        Assert.True(Allowed(robots, "/p/123"));
    }

    [Fact]
    public void IsAllowed_WildcardAndEndAnchor_MatchAsRfc9309Says()
    {
        const string robots = "User-agent: *\nDisallow: /*.php$\nDisallow: /*?sid=\nAllow: /index.php$\n";

        Assert.False(Allowed(robots, "/forum.php"));
        Assert.True(Allowed(robots, "/forum.php?mod=viewthread"));
        Assert.True(Allowed(robots, "/index.php"));
        Assert.False(Allowed(robots, "/thread?sid=abc"));
        Assert.True(Allowed(robots, "/thread?tid=1"));
    }

    [Fact]
    public void IsAllowed_EmptyDisallowAndNoGroups_AllowEverything()
    {
        Assert.True(Allowed("User-agent: *\nDisallow:\n", "/anything"));
        Assert.True(Allowed("# nothing here\nSitemap: http://x/sitemap.xml\n", "/anything"));
        Assert.True(Allowed("User-agent: Googlebot\nDisallow: /\n", "/anything"));
    }

    [Fact]
    public void IsAllowed_RobotsTxtItself_AlwaysAllowed()
    {
        Assert.True(Allowed("User-agent: *\nDisallow: /\n", "/robots.txt"));
    }

    [Fact]
    public void IsAllowed_NonAsciiRuleAndEncodedPath_MatchEachOther()
    {
        const string robots = "User-agent: *\nDisallow: /搜索\n";

        Assert.False(Allowed(robots, "/%E6%90%9C%E7%B4%A2?kw=1"));
        Assert.False(Allowed(robots, "/%e6%90%9c%e7%b4%a2/x"));
        Assert.True(Allowed(robots, "/tag/1"));
    }

    [Fact]
    public void Parse_CommentsCrLfAndOddCase_Tolerated()
    {
        const string robots = "# site rules\r\nUSER-AGENT: *   # all\r\ndisallow: /admin # staff only\r\n";

        Assert.False(Allowed(robots, "/admin/x"));
        Assert.True(Allowed(robots, "/about"));
    }

    [Fact]
    public void Parse_CrawlDelay_TakenFromOurGroup()
    {
        var rules = RobotsTxt.Parse("User-agent: *\nCrawl-delay: 10\n\nUser-agent: SentimentWatch\nCrawl-delay: 2.5\nDisallow: /x\n", "SentimentWatch");

        Assert.Equal(TimeSpan.FromSeconds(2.5), rules.CrawlDelay);
    }

    [Fact]
    public void Matches_HostilePattern_ReturnsWithoutBacktrackingBlowUp()
    {
        var pattern = string.Concat(Enumerable.Repeat("*a", 200)) + "b$";
        var path = "/" + new string('a', 5000);

        Assert.False(RobotsTxt.Matches(pattern, path));
    }
}
