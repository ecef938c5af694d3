using SentimentWatch.Core.Collection;
using SentimentWatch.Core.Fetching;
using SentimentWatch.Core.Posts;
using SentimentWatch.Core.Storage;
using SentimentWatch.Crawler.Fetching;
using SentimentWatch.Crawler.Fetching.Browser;
using SentimentWatch.Crawler.Parsing;
using SentimentWatch.Crawler.Sources;

namespace SentimentWatch.Crawler.Collection;

/// <summary>A fetched page and the id of its stored exchange (when it can yield posts or prove a deletion).</summary>
internal readonly record struct FetchedPage(FetchResult Result, long? ExchangeId);

/// <summary>
/// The pages of a run in and out: fetch (conditional GET over HTTP, or rendered), parse (a rendered page from the JSON it
/// captured), and commit (posts and cursor in one transaction, then the validators of the pages they came from).
/// </summary>
internal sealed class PageIo(IPageFetcher fetcher, IPageRenderer renderer, IPageParser parser, IPostStore posts,
    IUrlValidatorStore validators, ISourceStateStore state, TimeProvider time)
{
    /// <summary>
    /// Fetches a page, conditionally (with the validators this source saved for it) unless <paramref name="conditional"/>
    /// is false: a 304 the caller cannot trust (the source holds nothing from the page) is asked again in full.
    /// </summary>
    public async Task<FetchedPage> FetchAsync(SourceRun run, Uri url, CancellationToken cancellationToken, bool conditional = true)
    {
        var source = run.Source;
        // Conditional GET: an unchanged page answers 304 and costs the site (and us) almost nothing.
        var browser = source.Fetch == FetchMode.Browser;
        // A rendered page is never a 304: what its scripts load may have changed while its document did not.
        var known = browser || !conditional ? null : await validators.GetAsync(ValidatorKey(source.Id, url), cancellationToken).ConfigureAwait(false);
        var request = new FetchRequest(url, source.Id, run.RequestHeaders, source.RespectRobotsTxt).WithValidators(known);
        var result = browser
            ? await renderer.RenderAsync(source, request, cancellationToken).ConfigureAwait(false)
            : await fetcher.FetchAsync(request, cancellationToken).ConfigureAwait(false);
        result = SourceSessions.LoginRedirect(source, result);
        run.Tally.Fetched(result.Exchange);
        foreach (var note in result.BrowserNotes)
        {
            run.Tally.Note(note, url.AbsoluteUri);
        }
        long? exchangeId = null;
        if (result.Exchange is not null && result.Outcome is FetchOutcome.Ok or FetchOutcome.Gone)
        {
            // Keep the raw exchange behind every page that can yield posts or prove a deletion.
            exchangeId = await posts.SaveExchangeAsync(result.Exchange, cancellationToken).ConfigureAwait(false);
        }

        if (!browser && result.Outcome == FetchOutcome.Ok && result.Exchange is not null && UrlValidators.FromExchange(result.Exchange) is { } fresh)
        {
            // Saved only after the page's posts are committed: a 304 must mean "already stored", and a crash
            // between fetch and commit must not turn the next fetch into a 304 for content never stored.
            run.ValidatorsToSave.Add(fresh);
        }
        else if (result.Outcome == FetchOutcome.Gone && known is not null)
        {
            await validators.RemoveAsync(ValidatorKey(source.Id, url), cancellationToken).ConfigureAwait(false);
        }

        return new FetchedPage(result, exchangeId);
    }

    /// <summary>
    /// Parses a fetched page; a browser page that captured the JSON it loaded is read from those answers (each stored as
    /// its own exchange, behind the posts read from it), merged into one page.
    /// </summary>
    public async Task<ParsedPage> ParseAsync(SourceRun run, PageRole role, FetchedPage fetched, CancellationToken cancellationToken)
    {
        var source = run.Source;
        var result = fetched.Result;
        var exchange = result.Exchange!;
        if (result.Captured is not { } captured)
        {
            return parser.Parse(source, role, exchange.FinalUrl, result.Text ?? "", exchange.FetchedAtUtc, fetched.ExchangeId);
        }

        if (captured.Count == 0)
        {
            return ParseResults.Missing(source, role, result.Text ?? "",
                ParseResults.NotParseable($"{exchange.FinalUrl}: the rendered page loaded no answer matching Browser:Capture '{source.Browser.Capture}'"));
        }

        var pages = new List<ParsedPage>(captured.Count);
        foreach (var answer in captured)
        {
            var id = await posts.SaveExchangeAsync(answer.Exchange!, cancellationToken).ConfigureAwait(false);
            pages.Add(parser.Parse(source, role, answer.Exchange!.FinalUrl, answer.Text ?? "", answer.Exchange.FetchedAtUtc, id));
        }

        return ParseResults.Merge(pages);
    }

    /// <summary>Stores posts and the cursor in one transaction, then the validators of the pages they came from.</summary>
    public async Task<IReadOnlyList<PostWriteResult>> CommitAsync(SourceRun run, IReadOnlyList<CollectedPost> collected, CancellationToken cancellationToken)
    {
        collected = WithFullTexts(collected);
        var results = await posts.CommitPageAsync(collected, time.GetUtcNow(), run.Source.Id, run.Cursor.Serialize(), cancellationToken).ConfigureAwait(false);
        await validators.SaveAllAsync(run.ValidatorsToSave.ConvertAll(v => v with { Url = ValidatorKey(run.Source.Id, v.Url) }), cancellationToken).ConfigureAwait(false);

        run.ValidatorsToSave.Clear();
        run.Tally.Stored(results);
        return results;
    }

    public Task SaveCursorAsync(SourceRun run, CancellationToken cancellationToken) =>
        state.SetCursorAsync(run.Source.Id, run.Cursor.Serialize(), cancellationToken);

    /// <summary>
    /// The key a page's validators are kept under: the URL scoped to the source, as a fragment (never sent to the server).
    /// A 304 means "this source already stored this page"; two sources reaching the same page (a forum board and a keyword
    /// search of it link the same canonical thread URL) must not share it, or the second one's fetch answers 304 for a
    /// thread it never stored and the thread's posts are silently missed.
    /// </summary>
    internal static Uri ValidatorKey(string sourceId, Uri url) =>
        new UriBuilder(url) { Fragment = "sw-source=" + Uri.EscapeDataString(sourceId) }.Uri;

    public static SourceFailureKind KindOf(PageVerdict verdict) => verdict switch
    {
        PageVerdict.Captcha => SourceFailureKind.Captcha,
        PageVerdict.LoginWall => SourceFailureKind.LoginWall,
        PageVerdict.BlockPage => SourceFailureKind.BlockPage,
        PageVerdict.NotParseable => SourceFailureKind.NotParseable,
        _ => SourceFailureKind.Other,
    };

    /// <summary>
    /// A list abstract and the same post's full text read from its own page in one batch (a new long microblog and its
    /// <c>statuses/extend</c>): the abstract takes the full text, so the post is stored once, not as an edit of itself.
    /// </summary>
    private static IReadOnlyList<CollectedPost> WithFullTexts(IReadOnlyList<CollectedPost> posts)
    {
        var last = new Dictionary<string, int>(posts.Count, StringComparer.Ordinal);
        for (var i = 0; i < posts.Count; i++)
        {
            last[posts[i].PlatformPostId] = i;
        }

        if (last.Count == posts.Count)
        {
            return posts;
        }

        var result = posts.ToList();
        for (var i = 0; i < result.Count; i++)
        {
            var j = last[result[i].PlatformPostId];
            if (j != i && Abstracts.IsAbstractOf(result[i].Text, result[j].Text))
            {
                result[i] = result[i] with { Text = result[j].Text };
            }
        }

        return result;
    }
}
