using SentimentWatch.Crawler.Sources;

namespace SentimentWatch.Crawler.Fetching.Browser;

/// <summary>Renders a page of a <c>Fetch: Browser</c> source: scripts run, steps load more, the JSON it loads is captured.</summary>
internal interface IPageRenderer
{
    /// <summary>
    /// The rendered page as a fetch result: the document's own exchange, the rendered DOM as <see cref="FetchResult.Text"/>
    /// and, when the source captures answers (<c>Browser:Capture</c>), each captured answer in <see cref="FetchResult.Captured"/>.
    /// A page that never settles, a browser that cannot start, and the document's own fetch failure come back Failed with the reason.
    /// </summary>
    Task<FetchResult> RenderAsync(SourceOptions source, FetchRequest request, CancellationToken cancellationToken);

    /// <summary>Pages open right now (0 between runs: no page outlives its run).</summary>
    int OpenPages { get; }
}
