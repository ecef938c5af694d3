using System.Text;
using SentimentWatch.Core.Collection;
using SentimentWatch.Core.Posts;
using SentimentWatch.Crawler.Fetching;
using SentimentWatch.Crawler.Parsing;
using SentimentWatch.Crawler.Sources;

namespace SentimentWatch.Crawler.Tests.Collection;

/// <summary>
/// A hand-written stand-in for fetcher + parser that the runner's cursor rules can be pinned against:
/// each URL maps to a scripted page (items, next page, verdict) or a fetch failure. Records every fetched URL.
/// </summary>
internal sealed class ScriptedSite : IPageFetcher, IPageParser
{
    private readonly Dictionary<string, Func<FetchResult>> _responses = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ParsedPage> _pages = new(StringComparer.Ordinal);

    public List<string> Fetched { get; } = [];

    public DateTimeOffset Now { get; set; } = new(2024, 9, 14, 2, 0, 0, TimeSpan.Zero);

    public static Uri Url(string path) => new("http://127.0.0.1:9/" + path);

    /// <summary>A list page with posts <paramref name="ids"/> and an optional next page.</summary>
    public void ListPage(string path, IEnumerable<string> ids, string? next = null)
    {
        var url = Url(path);
        _pages[url.AbsoluteUri] = new ParsedPage(ids.Select(id => Post(id)).ToList(), [], next is null ? null : Url(next), PageVerdict.Content, null);
        _responses[url.AbsoluteUri] = () => Ok(url);
    }

    /// <summary>A list page that says it has no results (its <c>empty</c> marker matched).</summary>
    public void ConfirmedEmptyPage(string path)
    {
        var url = Url(path);
        _pages[url.AbsoluteUri] = new ParsedPage([], [], null, PageVerdict.Content, null) { ConfirmedEmpty = true };
        _responses[url.AbsoluteUri] = () => Ok(url);
    }

    public void Verdict(string path, PageVerdict verdict, string reason)
    {
        var url = Url(path);
        _pages[url.AbsoluteUri] = new ParsedPage([], [], null, verdict, reason);
        _responses[url.AbsoluteUri] = () => Ok(url);
    }

    public void Status(string path, int status)
    {
        var url = Url(path);
        _responses[url.AbsoluteUri] = () => status is 404 or 410
            ? new FetchResult(FetchOutcome.Gone, Exchange(url, status), "", Encoding.UTF8, null)
            : new FetchResult(FetchOutcome.Failed, Exchange(url, status), null, null, new SourceFailure(url, SourceFailureKind.HttpStatus, $"HTTP {status}"));
    }

    public CollectedPost Post(string id, string? text = null) =>
        new("s1", "forum", id, Url("p/" + id), id, null, new AuthorInfo("a" + id, "作者" + id, null), "标题" + id, text ?? "正文" + id,
            Now.AddMinutes(-1), "1分钟前", new Engagement(null, 1, null, null), null);

    /// <summary>A list page of threads, each with a detail link and the reply count the list shows for it.</summary>
    public void ThreadList(string path, params (string Id, int Replies)[] threads)
    {
        var url = Url(path);
        var posts = threads.Select(t => Post(t.Id) with { Text = "摘要" + t.Id, Engagement = new Engagement(null, t.Replies, null, null) }).ToList();
        _pages[url.AbsoluteUri] = new ParsedPage(posts, posts.Select(p => p.Url).ToList(), null, PageVerdict.Content, null);
        _responses[url.AbsoluteUri] = () => Ok(url);
    }

    /// <summary>A thread page: its first post and the replies <paramref name="replyIds"/>.</summary>
    public void ThreadPage(string id, params string[] replyIds)
    {
        var url = Url("p/" + id);
        var replies = replyIds.Select(r => Post(r) with { Url = new Uri(url + "#" + r), ThreadId = id, ParentPlatformPostId = id, Title = null, Engagement = new Engagement(null, null, null, null) });
        _pages[url.AbsoluteUri] = new ParsedPage([Post(id) with { Engagement = new Engagement(null, replyIds.Length, null, null) }, .. replies], [], null, PageVerdict.Content, null);
        _responses[url.AbsoluteUri] = () => Ok(url);
    }

    public void DetailPage(string id, string? text = null)
    {
        var url = Url("p/" + id);
        _pages[url.AbsoluteUri] = new ParsedPage([Post(id, text)], [], null, PageVerdict.Content, null);
        _responses[url.AbsoluteUri] = () => Ok(url);
    }

    public Task<FetchResult> FetchAsync(FetchRequest request, CancellationToken cancellationToken)
    {
        Fetched.Add(request.Url.AbsoluteUri);
        return Task.FromResult(_responses.TryGetValue(request.Url.AbsoluteUri, out var r)
            ? r()
            : new FetchResult(FetchOutcome.Failed, null, null, null, new SourceFailure(request.Url, SourceFailureKind.Network, "connection refused")));
    }

    public ParsedPage Parse(SourceOptions source, PageRole role, Uri pageUrl, string text, DateTimeOffset fetchedAtUtc, long? exchangeId) =>
        _pages[pageUrl.AbsoluteUri] is var page && page.Posts.Count > 0
            ? page with { Posts = page.Posts.Select(p => p with { ExchangeId = exchangeId }).ToList() }
            : page;

    private FetchResult Ok(Uri url) => new(FetchOutcome.Ok, Exchange(url, 200), "<html/>", Encoding.UTF8, null);

    private HttpExchange Exchange(Uri url, int status) =>
        new(url, url, [], "GET", status, [], [new("Content-Type", "text/html")], Encoding.UTF8.GetBytes("<html/>"), Now, TimeSpan.FromMilliseconds(1), "127.0.0.1");
}
