using SentimentWatch.Core.Collection;
using SentimentWatch.Core.Posts;
using SentimentWatch.Crawler.Sources;

namespace SentimentWatch.Crawler.Parsing;

/// <summary>Which page of a source is being parsed.</summary>
public enum PageRole
{
    /// <summary>A list / search-result / feed / API page: items, maybe a next page.</summary>
    List,
    /// <summary>A post's own page: the full text and its replies.</summary>
    Detail,
    /// <summary>
    /// A known post's own API answer, re-fetched to refresh it (a JSON source's <c>recrawlUrl</c>, read with the
    /// <c>recrawl.*</c> roles). Like a detail page it can prove the post deleted.
    /// </summary>
    Recrawl,
}

/// <summary>What a page turned out to be. Anything but <see cref="Content"/> is a source failure, never "nothing new".</summary>
public enum PageVerdict
{
    Content,
    Captcha,
    LoginWall,
    BlockPage,
    /// <summary>The platform's "this post was deleted" page (a deletion marker, not a failure).</summary>
    Deleted,
    NotParseable,
}

/// <summary>
/// What a parser read from one page.
/// </summary>
/// <param name="Posts">Posts (and replies) found on the page, in page order.</param>
/// <param name="DetailLinks">
/// Pages to fetch next with <see cref="PageRole.Detail"/>: from a list page, each post's own page (full text, replies); from a
/// detail page, its comments API (an HTML source with <c>commentsUrl</c>).
/// </param>
/// <param name="NextPage">The next list page, when the page has one.</param>
/// <param name="VerdictReason">Why the verdict is not <see cref="PageVerdict.Content"/> (marker found, selector that matched nothing, …).</param>
/// <param name="DeletedPlatformPostIds">
/// Posts the page still lists but shows as deleted or blocked (a Discuz floor "该帖被管理员或版主屏蔽", a source's
/// <c>deleted</c> role): record them deleted. They are not in <see cref="Posts"/>, so their stored text is never blanked.
/// </param>
public sealed record ParsedPage(
    IReadOnlyList<CollectedPost> Posts,
    IReadOnlyList<Uri> DetailLinks,
    Uri? NextPage,
    PageVerdict Verdict,
    string? VerdictReason,
    IReadOnlyList<string>? DeletedPlatformPostIds = null)
{
    /// <summary>
    /// The page itself says it has no results (the source's <c>empty</c> selector matched, e.g. Discuz's
    /// "对不起，没有找到匹配结果"), so zero items is an honest answer even from a list that yielded items before —
    /// a keyword search whose hits were all deleted, not a silent block.
    /// </summary>
    public bool ConfirmedEmpty { get; init; }

    /// <summary>
    /// Items the page listed but that could not be read as a post (an ad floor without an id, a reply without an author),
    /// by reason ("no id", "no author", "no text"). The page still counts: one bad floor never fails a thread.
    /// </summary>
    public IReadOnlyDictionary<string, int> Skipped { get; init; } = new Dictionary<string, int>();

    /// <summary>Per post field (title, body, time, authorName, authorId): on how many of the page's items its role yielded a value.</summary>
    public IReadOnlyDictionary<string, RoleMatch> RoleHits { get; init; } = new Dictionary<string, RoleMatch>();

    /// <summary>
    /// What the page should have led to but could not (a comments API whose template value is not on the page): the
    /// posts read still count, but the run is not Ok.
    /// </summary>
    public IReadOnlyList<string> Problems { get; init; } = [];

    /// <summary>Other things the page passed over, for the run summary (hidden fragments over the limit, …).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary><see cref="DeletedPlatformPostIds"/>, never null.</summary>
    public IReadOnlyList<string> Deleted => DeletedPlatformPostIds ?? [];
}

/// <summary>Parses one fetched page of a source. Implementations are stateless and thread-safe.</summary>
public interface IPageParser
{
    /// <param name="source">The source, with its profile already merged in.</param>
    /// <param name="pageUrl">The URL the page was fetched from (after redirects).</param>
    /// <param name="text">The page body decoded with its charset.</param>
    /// <param name="fetchedAtUtc">Fetch time: relative times ("3分钟前") resolve against it in Asia/Shanghai.</param>
    /// <param name="exchangeId">Stored exchange id, copied into each post.</param>
    ParsedPage Parse(SourceOptions source, PageRole role, Uri pageUrl, string text, DateTimeOffset fetchedAtUtc, long? exchangeId);
}
