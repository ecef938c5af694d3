using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using SentimentWatch.Crawler.Parsing;
using SentimentWatch.Crawler.Sources;
using static SentimentWatch.Crawler.Tests.Parsing.ParsingFixtures;

namespace SentimentWatch.Crawler.Tests.Parsing;

public sealed class SelectorCacheTests
{
    private static readonly HtmlParser Html = new();

    /// <summary>Every shipped HTML profile with the fixture pages it reads.</summary>
    public static TheoryData<string, string, string> ProfilePages() => new()
    {
        { "tieba", "tieba/list.html", "utf-8" },
        { "tieba", "tieba/thread.html", "utf-8" },
        { "tieba", "tieba/thread-page2.html", "utf-8" },
        { "discuz", "discuz/list.html", "gbk" },
        { "discuz", "discuz/thread.html", "gbk" },
        { "news", "news/list.html", "utf-8" },
        { "news", "news/article.html", "utf-8" },
    };

    [Fact]
    public void Get_SameText_ReturnsTheSameCompiledInstance()
    {
        var cache = new SelectorCache(16);

        var first = cache.Get("li.j_thread_list a[href]");
        var second = cache.Get(new string("li.j_thread_list a[href]".AsSpan())); // equal text, different string object

        Assert.Same(first, second);
        Assert.Equal(1, cache.Count);
    }

    [Theory]
    [InlineData("a[")]
    [InlineData("div >")]
    [InlineData("::nonsense(")]
    public void Get_InvalidSelector_ThrowsTheSameErrorAsQuerySelector(string css)
    {
        var cache = new SelectorCache(16);
        var doc = Html.ParseDocument("<html><body><a href='x'>x</a></body></html>");
        var expected = Assert.Throws<DomException>(() => doc.QuerySelector(css));

        var first = Assert.Throws<DomException>(() => cache.First(doc, css));
        var again = Assert.Throws<DomException>(() => cache.Get(css)); // remembered as invalid, still an error

        Assert.Equal(expected.Code, first.Code);
        Assert.Equal(expected.Message, first.Message);
        Assert.Equal((int)DomError.Syntax, again.Code);
    }

    [Fact]
    public void Get_ManyThreadsAskingAtOnce_AllGetOneInstancePerText()
    {
        var cache = new SelectorCache(64);
        var texts = Enumerable.Range(0, 8).Select(i => $"div.c{i} > span").ToArray();
        var seen = new System.Collections.Concurrent.ConcurrentBag<(string Text, AngleSharp.Css.Dom.ISelector Selector)>();

        Parallel.For(0, 400, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            var text = texts[i % texts.Length];
            seen.Add((text, cache.Get(text)));
        });

        Assert.All(seen.GroupBy(s => s.Text), g => Assert.Single(g.Select(s => s.Selector).Distinct()));
        Assert.Equal(texts.Length, cache.Count);
    }

    [Fact]
    public void Get_MoreDistinctTextsThanCapacity_StaysWithinCapacity()
    {
        var cache = new SelectorCache(10);

        for (var i = 0; i < 35; i++)
        {
            cache.Get($"p.n{i}");
        }

        Assert.InRange(cache.Count, 1, 10);
        Assert.NotNull(cache.Get("p.n0")); // an evicted text compiles again
    }

    [Fact]
    public void Constructor_NonPositiveCapacity_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SelectorCache(0));
    }

    [Fact]
    public void First_ScopeSelectors_MatchQuerySelectorOnDocumentsAndElements()
    {
        var cache = new SelectorCache(16);
        var doc = Html.ParseDocument("<html><body><div id='a'><p>1</p><div><p>2</p></div></div><p>3</p></body></html>");
        var div = doc.QuerySelector("#a")!;

        foreach (var css in new[] { ":scope > p", ":scope > div > p", "div p", "p:last-child" })
        {
            Assert.Same(div.QuerySelector(css), cache.First(div, css));
            Assert.Same(doc.QuerySelector(css), cache.First(doc, css));
            Assert.Equal(div.QuerySelectorAll(css), cache.All(div, css));
            Assert.Equal(doc.QuerySelectorAll(css), cache.All(doc, css));
        }
    }

    [Theory]
    [MemberData(nameof(ProfilePages))]
    public void Queries_EveryShippedProfileSelectorOnItsFixtures_MatchAngleSharpExactly(string profile, string fixture, string charset)
    {
        var cache = new SelectorCache(256);
        var doc = Html.ParseDocument(Text(fixture, charset));
        var css = CssOf(Source(profile)).ToList();
        Assert.NotEmpty(css);
        // Scopes the parser queries: the document, and every list item, post and reply element the profile finds.
        var scopes = new List<IParentNode> { doc };
        scopes.AddRange(css.SelectMany(c => doc.QuerySelectorAll(c)).Distinct().Take(200));
        var compared = 0;

        foreach (var scope in scopes)
        {
            foreach (var c in css)
            {
                Assert.Same(scope.QuerySelector(c), cache.First(scope, c));
                Assert.Equal(scope.QuerySelectorAll(c), cache.All(scope, c));
                if (scope is IElement element)
                {
                    Assert.Same(element.Closest(c), cache.Closest(element, c));
                }

                compared++;
            }
        }

        Assert.True(compared > css.Count, $"{profile} {fixture}: only the document was compared");
    }

    [Fact]
    public void Parse_PageWithCommentsEverywhere_ReadsTheSameAsWithout()
    {
        // Without ParseHiddenContent the parser skips comments when building the document; nothing it reads may change because of that.
        var parser = new HtmlPageParser(new ParsingOptions());
        var source = Source("tieba", extra: new Dictionary<string, string?> { ["ParseHiddenContent"] = "false" });
        var url = new Uri("https://tieba.baidu.com/f?kw=x&pn=0");
        var plain = Text("tieba/list.html");
        var commented = plain
            .Replace("<li ", "<!-- item --><li ", StringComparison.Ordinal)
            .Replace("</a>", "<!-- a --></a>", StringComparison.Ordinal)
            .Replace("</div>", "<!--<div class=\"threadlist_abs\">fake</div>--></div>", StringComparison.Ordinal);
        Assert.NotEqual(plain, commented);

        var expected = parser.Parse(source, PageRole.List, url, plain, FetchedAt, 1);
        var actual = parser.Parse(source, PageRole.List, url, commented, FetchedAt, 1);

        Assert.Equal(PageVerdict.Content, actual.Verdict);
        Assert.Equal(expected.Posts, actual.Posts);
        Assert.Equal(expected.DetailLinks, actual.DetailLinks);
        Assert.Equal(expected.NextPage, actual.NextPage);
    }

    /// <summary>The CSS parts of every HTML selector of a source (without <c>@attr</c>, <c>^</c> and alternatives).</summary>
    private static IEnumerable<string> CssOf(SourceOptions source) =>
        source.Selectors
            .Where(kv => !kv.Key.EndsWith(SelectorRoles.PatternSuffix, StringComparison.Ordinal) && !kv.Key.StartsWith("comments.", StringComparison.Ordinal)
                && !(kv.Key == SelectorRoles.CommentsUrl && UrlTemplate.IsTemplate(kv.Value)))
            .SelectMany(kv => HtmlSelector.ParseAll(kv.Value))
            .Select(s => s.Css)
            .OfType<string>()
            .Distinct(StringComparer.Ordinal);
}
