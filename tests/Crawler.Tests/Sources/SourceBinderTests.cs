using SentimentWatch.Crawler.Sources;
using SentimentWatch.Crawler.Tests.Parsing;

namespace SentimentWatch.Crawler.Tests.Sources;

public sealed class SourceBinderTests
{
    private static Dictionary<string, string?> Base(string profile = "tieba") => new()
    {
        ["Crawler:Profiles"] = ParsingFixtures.ProfilesDir,
        ["Crawler:Sources:0:Id"] = "t",
        ["Crawler:Sources:0:Profile"] = profile,
        ["Crawler:Sources:0:Urls:0"] = "https://tieba.baidu.com/f?kw=x",
        ["Crawler:Sources:0:Interval"] = "00:05:00",
    };

    [Fact]
    public void Bind_Profile_SuppliesKindPlatformSelectorsAndMarkers()
    {
        var options = ParsingFixtures.Bind(Base(), out var errors);
        Assert.Empty(errors.Errors);
        var s = Assert.Single(options.Sources);
        Assert.Equal(SourceKind.Html, s.Kind);
        Assert.Equal("tieba", s.Platform);
        Assert.Equal("li.j_thread_list", s.Selectors["item"]);
        Assert.Contains("百度安全验证", s.Markers.Captcha);
        Assert.Equal("tieba.baidu.com", s.CanonicalHosts["m.tieba.com"]);
        Assert.Equal(["https://tieba.baidu.com/f?kw=x"], s.Urls);
    }

    [Fact]
    public void Bind_RecrawlUrl_RecrawlFieldsFallBackToListFieldsUnlessSet()
    {
        var pairs = Base("weibo");
        pairs["Crawler:Sources:0:Selectors:recrawl.likes"] = "attitudes_count_str";
        pairs["Crawler:Sources:0:Selectors:link"] = "https://weibo.example.cn/detail/{id}";
        var s = ParsingFixtures.Bind(pairs, out var errors).Sources[0];

        Assert.Empty(errors.Errors);
        Assert.Equal("/statuses/show?id={id}", s.Selectors["recrawlUrl"]);
        Assert.Equal("reposts_count", s.Selectors["recrawl.reposts"]);
        Assert.Equal("id | mid", s.Selectors["recrawl.id"]);
        Assert.Equal("attitudes_count_str", s.Selectors["recrawl.likes"]);
        // The source's own override of a list field reaches its recrawl twin too.
        Assert.Equal("https://weibo.example.cn/detail/{id}", s.Selectors["recrawl.link"]);
    }

    [Fact]
    public void Bind_NoRecrawlUrl_NoRecrawlFieldsAdded()
    {
        var s = ParsingFixtures.Bind(Base("tieba"), out _).Sources[0];

        Assert.DoesNotContain(s.Selectors.Keys, k => k.StartsWith("recrawl", StringComparison.Ordinal));
    }

    [Fact]
    public void Bind_SourceKeys_OverrideProfileKeyByKey()
    {
        var pairs = Base();
        pairs["Crawler:Sources:0:Selectors:item"] = "li.thread";
        pairs["Crawler:Sources:0:Platform"] = "tieba-mirror";
        pairs["Crawler:Sources:0:MaxPages"] = "9";
        var s = ParsingFixtures.Bind(pairs, out _).Sources[0];
        Assert.Equal("li.thread", s.Selectors["item"]);
        Assert.Equal("a.j_th_tit@href", s.Selectors["link"]);
        Assert.Equal("tieba-mirror", s.Platform);
        Assert.Equal(9, s.MaxPages);
    }

    [Fact]
    public void Bind_SourceList_ReplacesProfileListInsteadOfMergingByIndex()
    {
        var pairs = Base();
        pairs["Crawler:Sources:0:Markers:Captcha:0"] = "自定义验证";
        var s = ParsingFixtures.Bind(pairs, out _).Sources[0];
        Assert.Equal(["自定义验证"], s.Markers.Captcha);
        Assert.Contains("该贴已被删除", s.Markers.Deleted);
    }

    [Fact]
    public void Bind_NoProfile_SourceStandsAlone()
    {
        var pairs = Base();
        pairs.Remove("Crawler:Sources:0:Profile");
        pairs["Crawler:Sources:0:Kind"] = "Feed";
        var s = ParsingFixtures.Bind(pairs, out var errors).Sources[0];
        Assert.Empty(errors.Errors);
        Assert.Equal(SourceKind.Feed, s.Kind);
        Assert.Empty(s.Selectors);
    }

    [Fact]
    public void Bind_ProfileMissingOnDisk_FallsBackToBuiltInProfile()
    {
        var pairs = Base("weibo");
        pairs["Crawler:Profiles"] = Path.Combine(Path.GetTempPath(), "no-such-profiles-" + Guid.NewGuid().ToString("N"));
        var s = ParsingFixtures.Bind(pairs, out var errors).Sources[0];
        Assert.Empty(errors.Errors);
        Assert.Equal(SourceKind.Json, s.Kind);
        Assert.Equal("data.cards[*].mblog | data.cards[*].card_group[*].mblog", s.Selectors["items"]);
    }

    [Fact]
    public void Bind_BadValues_AllRecordedWithKeysAndOthersStillBound()
    {
        var pairs = Base();
        pairs["Crawler:Sources:0:Kind"] = "Htm";
        pairs["Crawler:Sources:0:MaxPages"] = "many";
        pairs["Crawler:Sources:0:Interval"] = "5 minutes";
        pairs["Crawler:Sources:0:Enabled"] = "yes";
        pairs["Crawler:Sources:0:Urll"] = "https://x.cn";
        var options = ParsingFixtures.Bind(pairs, out var errors);

        var messages = errors.Errors.Select(e => $"{e.Key} '{e.Value}' {e.Reason}").ToList();
        Assert.Contains(messages, m => m.StartsWith("Crawler:Sources:0:Kind 'Htm' is not a source kind", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("Crawler:Sources:0:MaxPages 'many' is not a whole number", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("Crawler:Sources:0:Interval '5 minutes' is not a time span", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("Crawler:Sources:0:Enabled 'yes' is not true or false", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("Crawler:Sources:0:Urll 'https://x.cn' is not a source key", StringComparison.Ordinal));
        Assert.Equal(5, errors.Errors.Count);
        Assert.Equal("t", options.Sources[0].Id);
    }

    [Fact]
    public void Bind_UnknownProfile_RecordedWithBuiltInNames()
    {
        var options = ParsingFixtures.Bind(Base("tiebaa"), out var errors);
        var error = Assert.Single(errors.Errors);
        Assert.Equal("Crawler:Sources:0:Profile", error.Key);
        Assert.Equal("tiebaa", error.Value);
        Assert.Contains("is not a known profile", error.Reason);
        Assert.Contains("discuz, news, news-163, news-qq, news-sina, rss, tieba, weibo", error.Reason);
        Assert.Single(options.Sources);
    }
}
