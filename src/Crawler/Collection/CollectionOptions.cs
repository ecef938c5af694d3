namespace SentimentWatch.Crawler.Collection;

/// <summary>How a source run walks pages and refreshes known posts (section <c>Crawler:Collection</c>).</summary>
public sealed class CollectionOptions
{
    public const string Section = "Crawler:Collection";

    /// <summary>
    /// Most known thread starters re-fetched per run to refresh engagement and detect edits and deletions (least recently
    /// seen first, so a window holding more posts than this is refreshed in rotation; replies come with their thread).
    /// </summary>
    public int RecrawlMaxPerRun { get; set; } = 50;

    /// <summary>
    /// A thread starter is re-fetched only when it has not been seen for this long (zero: every run). Re-fetches share
    /// the host's politeness delay with the list walk, so re-fetching every recent thread on every run of a short
    /// interval makes runs long and delays the discovery of new posts; a few minutes still gives the 5-minute spread
    /// bins a snapshot each.
    /// </summary>
    public TimeSpan RecrawlEvery { get; set; } = TimeSpan.Zero;

    /// <summary>Most detail pages fetched per run (the rest wait in the cursor's backlog for the next run).</summary>
    public int MaxDetailPagesPerRun { get; set; } = 200;

    /// <summary>Most pages read of one thread (the post's page and its reply pages); a longer thread is a reported failure.</summary>
    public int MaxPagesPerThread { get; set; } = 50;
}
