using System.Text;
using SentimentWatch.Core.Collection;

namespace SentimentWatch.Crawler.Fetching;

/// <summary>One page to fetch for a source.</summary>
/// <param name="ConditionalETag">ETag from the previous fetch of the same URL, for If-None-Match.</param>
/// <param name="ConditionalLastModified">Last-Modified from the previous fetch, for If-Modified-Since.</param>
public sealed record FetchRequest(
    Uri Url,
    string SourceId,
    IReadOnlyDictionary<string, string>? Headers = null,
    bool RespectRobotsTxt = true,
    string? ConditionalETag = null,
    string? ConditionalLastModified = null);

public enum FetchOutcome
{
    /// <summary>2xx with a body.</summary>
    Ok,
    /// <summary>304: unchanged since the conditional values given.</summary>
    NotModified,
    /// <summary>404 / 410: the resource is gone (a post was deleted).</summary>
    Gone,
    /// <summary>Anything else: see <see cref="FetchResult.Failure"/>.</summary>
    Failed,
}

/// <summary>
/// The result of fetching one page: the raw exchange (always kept when a response arrived) and the body
/// decoded with the detected charset.
/// </summary>
public sealed record FetchResult(
    FetchOutcome Outcome,
    HttpExchange? Exchange,
    string? Text,
    Encoding? Encoding,
    SourceFailure? Failure)
{
    /// <summary>
    /// How <see cref="Encoding"/> was decided: <c>header</c>, <c>bom</c>, <c>meta</c> or <c>sniff</c>, followed in
    /// brackets by any declaration that was overruled (e.g. <c>sniff (header declared utf-8 but bytes are not valid utf-8)</c>).
    /// </summary>
    public string? EncodingSource { get; init; }

    /// <summary>
    /// A browser source that captures answers (<c>Browser:Capture</c>): the JSON the rendered page loaded, each as
    /// fetched, in order. Null for HTTP pages and for browser sources that read the rendered document.
    /// </summary>
    public IReadOnlyList<FetchResult>? Captured { get; init; }

    /// <summary>What rendering passed over, for the run summary (steps stopped at their round limit, …).</summary>
    public IReadOnlyList<string> BrowserNotes { get; init; } = [];
}

/// <summary>Fetches pages politely (robots.txt, per-host delay and concurrency, Retry-After) and completely.</summary>
public interface IPageFetcher
{
    Task<FetchResult> FetchAsync(FetchRequest request, CancellationToken cancellationToken);
}
