using SentimentWatch.Crawler.Sources;

namespace SentimentWatch.Crawler.Collection;

/// <summary>The list pages a source starts from: its URLs, then its search template expanded for each keyword.</summary>
internal static class StartUrls
{
    public static IEnumerable<Uri> For(SourceOptions source)
    {
        foreach (var url in source.Urls)
        {
            yield return new Uri(url);
        }

        if (source.SearchUrlTemplate is { } template)
        {
            foreach (var keyword in source.Keywords)
            {
                yield return new Uri(template.Replace("{keyword}", Uri.EscapeDataString(keyword), StringComparison.Ordinal)
                    .Replace("{page}", "1", StringComparison.Ordinal));
            }
        }
    }

    /// <summary>Whether posts of this source have pages of their own that can be re-fetched.</summary>
    public static bool HasDetailPages(SourceOptions source) =>
        source.Kind == SourceKind.Html && source.Selectors.Keys.Any(k => k.StartsWith("detail", StringComparison.OrdinalIgnoreCase));
}
