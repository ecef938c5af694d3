namespace SentimentWatch.Evidence;

/// <summary>What the browser renders: a captured response (fresh or crawl-time), served at the URL it came from.</summary>
internal sealed record RenderRequest(Uri Url, byte[] Body, string? ContentType);

/// <summary>
/// One request the captured page made while it was rendered, and what became of it: <c>captured-document</c> (the
/// captured bytes were served), <c>fetched</c> (the evidence fetcher got it under the outbound policy), <c>blocked</c>
/// (refused: <see cref="Rule"/> says why) or <c>failed</c>.
/// </summary>
internal sealed record BrowserRequest(DateTimeOffset AtUtc, string Method, string Url, string ResourceType, string Outcome, string? Rule, int? Status, long? Bytes, string? Detail);

/// <summary>Screenshots of one page, what the page asked for while rendering, and the DOM as rendered; or why there are none.</summary>
internal sealed record Screenshots(
    byte[]? Viewport,
    byte[]? FullPage,
    bool FullPageCut,
    string? Browser,
    string? Problem,
    DateTimeOffset StartedUtc,
    DateTimeOffset FinishedUtc,
    IReadOnlyList<BrowserRequest> Requests,
    IReadOnlyList<string> BrowserMessages,
    string? RenderedDom,
    string? RenderedText,
    string Isolation)
{
    public static Screenshots None(string problem, DateTimeOffset started, DateTimeOffset finished, string isolation = "no browser ran") =>
        new(null, null, false, null, problem, started, finished, [], [], null, null, isolation);
}

/// <summary>Renders a captured page in a browser: viewport and full-page screenshots plus the request log.</summary>
internal interface IScreenshotter
{
    Task<Screenshots> CaptureAsync(RenderRequest page, CancellationToken cancellationToken);
}
