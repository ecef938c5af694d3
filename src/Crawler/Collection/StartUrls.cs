using SentimentWatch.Crawler.Sources;

namespace SentimentWatch.Crawler.Collection;

/// <summary>Which pages of a source the runner re-fetches.</summary>
internal static class StartUrls
{
    /// <summary>Whether posts of this source have pages of their own that can be re-fetched.</summary>
    public static bool HasDetailPages(SourceOptions source) =>
        source.Kind == SourceKind.Html && source.Selectors.Keys.Any(k => k.StartsWith("detail", StringComparison.OrdinalIgnoreCase));
}
