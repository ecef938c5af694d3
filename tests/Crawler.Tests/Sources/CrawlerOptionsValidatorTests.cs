using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SentimentWatch.Crawler.Sources;
using SentimentWatch.Crawler.Tests.Parsing;

namespace SentimentWatch.Crawler.Tests.Sources;

public sealed class CrawlerOptionsValidatorTests
{
    private static Dictionary<string, string?> Source(int i, string id, string profile = "tieba") => new()
    {
        [$"Crawler:Sources:{i}:Id"] = id,
        [$"Crawler:Sources:{i}:Profile"] = profile,
        [$"Crawler:Sources:{i}:Urls:0"] = "https://example.cn/list",
        [$"Crawler:Sources:{i}:Interval"] = "00:05:00",
    };

    /// <summary>Every failure message start-up would print, or empty when the configuration is accepted.</summary>
    private static IReadOnlyList<string> Validate(Dictionary<string, string?> pairs)
    {
        pairs.TryAdd("Crawler:Profiles", ParsingFixtures.ProfilesDir);
        var config = new ConfigurationBuilder().AddInMemoryCollection(pairs).Build();
        using var provider = new ServiceCollection().AddSources(config).BuildServiceProvider();
        try
        {
            provider.GetRequiredService<IStartupValidator>().Validate();
            return [];
        }
        catch (OptionsValidationException ex)
        {
            return ex.Failures.ToList();
        }
    }

    private static Dictionary<string, string?> Merge(params Dictionary<string, string?>[] parts) =>
        parts.SelectMany(p => p).ToDictionary(p => p.Key, p => p.Value);

    [Fact]
    public void Validate_CommentsTemplateValueWithoutItsRole_RefusedNamingIt()
    {
        var pairs = Source(0, "n", "news");
        pairs["Crawler:Sources:0:Selectors:commentsUrl"] = "https://c.example.cn/api?doc={docId}&product={productKey}";
        var errors = Validate(pairs);
        Assert.Contains(errors, e => e.Contains("Crawler:Sources:0:Selectors:commentsUrl", StringComparison.Ordinal) && e.Contains("uses {productKey}, but 'vars.productKey'", StringComparison.Ordinal));
        Assert.DoesNotContain(errors, e => e.Contains("uses {docId}", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_BadBrowserSourceKeys_EveryOneNamed()
    {
        var json = Source(0, "app", "weibo");
        json["Crawler:Sources:0:Fetch"] = "Browser";
        json["Crawler:Sources:0:Browser:WaitFor"] = "li[";
        json["Crawler:Sources:0:Browser:Steps:0"] = "press:enter";
        json["Crawler:Sources:0:MaxAge"] = "-1.00:00:00";
        json["Crawler:Sources:0:LoginUrl"] = "(unclosed";
        var http = Source(1, "plain");
        http["Crawler:Sources:1:Browser:Capture"] = "/api/";
        var mode = Source(2, "mode");
        mode["Crawler:Sources:2:Fetch"] = "Chrome";

        var errors = Validate(Merge(json, http, mode));

        Assert.Contains(errors, e => e.Contains("Crawler:Sources:0:Browser:Capture", StringComparison.Ordinal) && e.Contains("required for a Json browser source", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("Crawler:Sources:0:Browser:WaitFor", StringComparison.Ordinal) && e.Contains("li[", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("Crawler:Sources:0:Browser:Steps:0", StringComparison.Ordinal) && e.Contains("press:enter", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("Crawler:Sources:0:MaxAge", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("Crawler:Sources:0:LoginUrl", StringComparison.Ordinal) && e.Contains("not a regular expression", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("Crawler:Sources:1:Browser", StringComparison.Ordinal) && e.Contains("Fetch is not Browser", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("Crawler:Sources:2:Fetch", StringComparison.Ordinal) && e.Contains("Chrome", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_DrillBoardSources_Accepted()
    {
        var browser = Source(0, "app");
        browser["Crawler:Sources:0:Profile"] = null;
        browser["Crawler:Sources:0:Kind"] = "Json";
        browser["Crawler:Sources:0:Fetch"] = "Browser";
        browser["Crawler:Sources:0:Browser:Capture"] = "/app/api/threads\\?";
        browser["Crawler:Sources:0:Browser:WaitFor"] = "li.app-thread";
        browser["Crawler:Sources:0:Browser:Steps:0"] = "click:#more";
        browser["Crawler:Sources:0:Browser:Steps:1"] = "scroll";
        browser["Crawler:Sources:0:Selectors:items"] = "data.threads[*]";
        browser["Crawler:Sources:0:Selectors:id"] = "tid";
        browser["Crawler:Sources:0:MaxAge"] = "2.00:00:00";
        browser["Crawler:Sources:0:LoginUrl"] = "/passport/login";
        Assert.Empty(Validate(browser));
    }

    [Theory]
    [InlineData("1.5")]
    [InlineData("-0.1")]
    [InlineData("half")]
    public void Validate_MaxSkippedShareOutOfRange_RefusedNamingKeyAndValue(string share)
    {
        var pairs = Source(0, "t");
        pairs["Crawler:Sources:0:MaxSkippedShare"] = share;
        Assert.Contains(Validate(pairs), e => e.Contains("Crawler:Sources:0:MaxSkippedShare", StringComparison.Ordinal) && e.Contains(share, StringComparison.Ordinal) && e.Contains("between 0 and 1", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_EveryShippedProfile_Accepted()
    {
        var pairs = Merge(Source(0, "a", "tieba"), Source(1, "b", "discuz"), Source(2, "c", "weibo"), Source(3, "d", "news"), Source(4, "e", "rss"),
            Source(5, "f", "news-sina"), Source(6, "g", "news-163"), Source(7, "h", "news-qq"), Source(8, "i", "bilibili"));
        Assert.Empty(Validate(pairs));
    }

    [Fact]
    public void Validate_ShippedDefaultSourceList_Accepted()
    {
        var config = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(ParsingFixtures.RepoRoot, "config", "conf.d", "20-sources.json"), optional: false)
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Crawler:Profiles"] = ParsingFixtures.ProfilesDir })
            .Build();
        using var provider = new ServiceCollection().AddSources(config).BuildServiceProvider();
        var options = provider.GetRequiredService<IOptions<CrawlerOptions>>().Value;
        Assert.Equal(["tieba-fakao", "discuz-kaoyan", "weibo-search", "news-legal", "rss-exam-office"], options.Sources.Select(s => s.Id));
        Assert.All(options.Sources, s => Assert.NotNull(s.Kind));
    }

    [Fact]
    public void Validate_ManyProblems_AllReportedAtOnceWithKeyAndValue()
    {
        var pairs = Merge(Source(0, "ok"), Source(1, "Bad Id"), Source(2, "ok"), Source(3, "x", "tiebaa"));
        pairs["Crawler:Sources:0:Urls:0"] = "htp://x";
        pairs["Crawler:Sources:0:Urls:1"] = "/relative";
        pairs["Crawler:Sources:1:Cron"] = "0 */5 * * * ?";
        pairs["Crawler:Sources:2:Interval"] = null;
        pairs.Remove("Crawler:Sources:2:Interval");
        pairs["Crawler:Sources:2:Cron"] = "every five minutes";
        pairs["Crawler:Sources:3:Kind"] = "Html";
        pairs["Crawler:Sources:3:Selectors:item"] = "li..x";
        pairs["Crawler:Sources:3:Selectors:id"] = "a@";
        pairs["Crawler:Sources:3:Selectors:headline"] = "h1";
        pairs["Crawler:Sources:3:Selectors:id.pattern"] = "(unclosed";

        var errors = Validate(pairs);

        Assert.Contains("Crawler:Sources:0:Urls:0 'htp://x' is not an absolute http(s) URI", errors);
        Assert.Contains("Crawler:Sources:0:Urls:1 '/relative' is not an absolute http(s) URI", errors);
        Assert.Contains("Crawler:Sources:1:Id 'Bad Id' is not a source id ([a-z0-9_-]+)", errors);
        Assert.Contains(errors, e => e.StartsWith("Crawler:Sources:1:Cron '0 */5 * * * ?' and Interval '00:05:00' are both set", StringComparison.Ordinal));
        Assert.Contains("Crawler:Sources:2:Id 'ok' is already the id of Crawler:Sources:0", errors);
        Assert.Contains(errors, e => e.StartsWith("Crawler:Sources:2:Cron 'every five minutes' is not a Quartz cron expression", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Crawler:Sources:3:Profile 'tiebaa' is not a known profile", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Crawler:Sources:3:Selectors:item 'li..x' is not valid CSS", StringComparison.Ordinal));
        Assert.Contains("Crawler:Sources:3:Selectors:id 'a@' names no attribute after '@'", errors);
        Assert.Contains(errors, e => e.StartsWith("Crawler:Sources:3:Selectors:headline 'h1' is not a selector role of a Html source (known: ", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Crawler:Sources:3:Selectors:id.pattern '(unclosed' is not a valid regular expression", StringComparison.Ordinal));
        Assert.Equal(11, errors.Count);
    }

    /// <summary>A key the source cannot do without, removed: exactly one message, naming what is missing.</summary>
    [Theory]
    [InlineData("Interval", "Crawler:Sources:0:Cron: neither Cron nor Interval is set; set exactly one")]
    [InlineData("Urls:0", "Crawler:Sources:0:Urls: the source has neither Urls nor a SearchUrlTemplate, so it has nothing to read")]
    [InlineData("Profile", "Crawler:Sources:0:Kind: is required (Html, Json or Feed), directly or from the Profile")]
    public void Validate_EssentialKeyRemoved_RefusedNamingWhatIsMissing(string removed, string expected)
    {
        var pairs = Source(0, "a");
        Assert.True(pairs.Remove("Crawler:Sources:0:" + removed));
        Assert.Equal([expected], Validate(pairs));
    }

    [Fact]
    public void Validate_NonPositiveIntervalAndLimits_Refused()
    {
        var pairs = Source(0, "a");
        pairs["Crawler:Sources:0:Interval"] = "00:00:00";
        pairs["Crawler:Sources:0:MaxPages"] = "0";
        pairs["Crawler:Sources:0:DarkAfterRuns"] = "0";
        pairs["Crawler:Sources:0:Charset"] = "latin-9000";
        var errors = Validate(pairs);
        Assert.Contains("Crawler:Sources:0:Interval '00:00:00' must be positive", errors);
        Assert.Contains("Crawler:Sources:0:MaxPages '0' must be between 1 and 10000", errors);
        Assert.Contains("Crawler:Sources:0:DarkAfterRuns '0' must be at least 1", errors);
        Assert.Contains(errors, e => e.StartsWith("Crawler:Sources:0:Charset 'latin-9000' is not a known charset", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_SearchTemplateProblems_Refused()
    {
        var pairs = Source(0, "a", "discuz");
        pairs["Crawler:Sources:0:SearchUrlTemplate"] = "http://bbs.example.cn/search.php?srchtxt=";
        var errors = Validate(pairs);
        Assert.Contains("Crawler:Sources:0:SearchUrlTemplate 'http://bbs.example.cn/search.php?srchtxt=' has no {keyword} placeholder", errors);
        Assert.Contains("Crawler:Sources:0:Keywords: are required with a SearchUrlTemplate (one search per keyword)", errors);

        var keywordsOnly = Source(1, "b", "discuz");
        keywordsOnly["Crawler:Sources:1:Keywords:0"] = "法考";
        Assert.Equal(["Crawler:Sources:1:Keywords: are set but there is no SearchUrlTemplate to put them in"], Validate(keywordsOnly));
    }

    [Fact]
    public void Validate_JsonSourceWithBadPathsAndMissingRoles_Refused()
    {
        var pairs = Source(0, "w", "weibo");
        pairs["Crawler:Sources:0:Selectors:items"] = "data.cards[*";
        pairs["Crawler:Sources:0:Selectors:detailUrl"] = "https://m.weibo.cn/comments?id={id";
        pairs["Crawler:Sources:0:Selectors:link"] = "https://m.weibo.cn/detail/{data..id}";
        var errors = Validate(pairs);
        Assert.Contains("Crawler:Sources:0:Selectors:items 'data.cards[*' is not a field path: it has '[' without ']' at position 10", errors);
        Assert.Contains("Crawler:Sources:0:Selectors:detailUrl 'https://m.weibo.cn/comments?id={id' has an unbalanced '{' or '}'", errors);
        Assert.Contains(errors, e => e.StartsWith("Crawler:Sources:0:Selectors:link 'https://m.weibo.cn/detail/{data..id}' has placeholder '{data..id}' that is not a field path", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_RequiredRolesMissing_NamesEachRole()
    {
        var pairs = new Dictionary<string, string?>
        {
            ["Crawler:Sources:0:Id"] = "h",
            ["Crawler:Sources:0:Kind"] = "Html",
            ["Crawler:Sources:0:Urls:0"] = "https://x.cn/",
            ["Crawler:Sources:0:Interval"] = "00:01:00",
            ["Crawler:Sources:0:Selectors:detail.reply"] = "div.reply",
            ["Crawler:Sources:1:Id"] = "j",
            ["Crawler:Sources:1:Kind"] = "Json",
            ["Crawler:Sources:1:Urls:0"] = "https://x.cn/api",
            ["Crawler:Sources:1:Interval"] = "00:01:00",
            ["Crawler:Sources:2:Id"] = "f",
            ["Crawler:Sources:2:Kind"] = "Feed",
            ["Crawler:Sources:2:Urls:0"] = "https://x.cn/rss",
            ["Crawler:Sources:2:Interval"] = "00:01:00",
            ["Crawler:Sources:2:Selectors:item"] = "entry",
        };
        var errors = Validate(pairs);
        Assert.Contains("Crawler:Sources:0:Selectors:item: is required for an Html source (the CSS selector of one post on a list page)", errors);
        Assert.Contains("Crawler:Sources:0:Selectors:id: an Html source needs 'id' or 'link' to name each item", errors);
        Assert.Contains(errors, e => e.StartsWith("Crawler:Sources:0:Selectors:detail.id: is required when detail pages are read", StringComparison.Ordinal));
        Assert.Contains("Crawler:Sources:0:Selectors:detail.reply.id: is required with 'detail.reply' (each reply's id)", errors);
        Assert.Contains(errors, e => e.StartsWith("Crawler:Sources:1:Selectors:items: is required for a Json source", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Crawler:Sources:1:Selectors:id: is required for a Json source", StringComparison.Ordinal));
        Assert.Contains("Crawler:Sources:2:Selectors:item 'entry' is not used: a Feed source takes no selectors", errors);
    }

    [Fact]
    public void Validate_BlankMarkerAndBadCanonicalHost_Refused()
    {
        var pairs = Source(0, "a");
        pairs["Crawler:Sources:0:Markers:Captcha:0"] = " ";
        pairs["Crawler:Sources:0:CanonicalHosts:m.x.cn"] = "not a host";
        var errors = Validate(pairs);
        Assert.Contains("Crawler:Sources:0:Markers:Captcha:0 ' ' is blank (it would match every page)", errors);
        Assert.Contains("Crawler:Sources:0:CanonicalHosts:m.x.cn 'not a host' is not a host name", errors);
    }

    [Fact]
    public void AddSources_RegistersTheParserForEveryKind()
    {
        var config = new ConfigurationBuilder().Build();
        using var provider = new ServiceCollection().AddSources(config).BuildServiceProvider();
        Assert.IsType<SentimentWatch.Crawler.Parsing.SourcePageParser>(provider.GetRequiredService<SentimentWatch.Crawler.Parsing.IPageParser>());
        Assert.Empty(provider.GetRequiredService<IOptions<CrawlerOptions>>().Value.Sources);
    }

    [Theory]
    [InlineData("/statuses/show?id={mid}", "'{mid}'; a recrawl URL takes only {id}")]
    [InlineData("/statuses/show", "has no {id} placeholder")]
    [InlineData("statuses/show?id={id}", "is not an http(s) URL template")]
    [InlineData("/statuses/show?id={id", "unbalanced")]
    public void Validate_BadRecrawlUrl_NamedWithKeyAndValue(string template, string reason)
    {
        var pairs = Source(0, "w", "weibo");
        pairs["Crawler:Sources:0:Selectors:recrawlUrl"] = template;

        var error = Assert.Single(Validate(pairs));

        Assert.StartsWith($"Crawler:Sources:0:Selectors:recrawlUrl '{template}'", error, StringComparison.Ordinal);
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_RecrawlRolesWithoutRecrawlUrl_RecrawlUrlRequired()
    {
        var pairs = Source(0, "w", "weibo");
        pairs["Crawler:Sources:0:Selectors:recrawlUrl"] = "";
        pairs["Crawler:Sources:0:Selectors:recrawl.items"] = "data";
        pairs["Crawler:Sources:0:Selectors:recrawl.deletedWhen"] = "errno";
        pairs["Crawler:Sources:0:Selectors:recrawl.deletedWhen.pattern"] = "^20101$";

        var errors = Validate(pairs);

        Assert.Contains(errors, e => e.StartsWith("Crawler:Sources:0:Selectors:recrawlUrl", StringComparison.Ordinal) && e.Contains("is empty", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_RecrawlUrlWithoutItems_ItemsRequired()
    {
        var pairs = Source(0, "w", "weibo");
        pairs["Crawler:Sources:0:Selectors:recrawl.items"] = "";

        Assert.Contains(Validate(pairs), e => e.StartsWith("Crawler:Sources:0:Selectors:recrawl.items", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_RecrawlRoleOnAnHtmlSource_RefusedAsUnknownRole()
    {
        var pairs = Source(0, "t", "tieba");
        pairs["Crawler:Sources:0:Selectors:recrawlUrl"] = "/p/{id}";

        Assert.Contains(Validate(pairs), e => e.StartsWith("Crawler:Sources:0:Selectors:recrawlUrl '/p/{id}' is not a selector role of a Html source", StringComparison.Ordinal));
    }
}
