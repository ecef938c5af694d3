using SentimentWatch.Core.Posts;
using SentimentWatch.Crawler.Sources;

namespace SentimentWatch.Crawler.Collection;

/// <summary>Which pages of a source the runner re-fetches.</summary>
internal static class StartUrls
{
    /// <summary>Whether posts of this source have pages of their own that can be re-fetched.</summary>
    public static bool HasDetailPages(SourceOptions source) =>
        source.Kind == SourceKind.Html && source.Selectors.Keys.Any(k => k.StartsWith("detail", StringComparison.OrdinalIgnoreCase));

    /// <summary>Whether a JSON source re-fetches each known post from its own API answer (<c>recrawlUrl</c>).</summary>
    public static bool HasRecrawlUrl(SourceOptions source) =>
        source.Kind == SourceKind.Json && source.Selectors.ContainsKey(SelectorRoles.RecrawlUrl);

    /// <summary>
    /// The post's own API URL: <c>recrawlUrl</c> with <c>{id}</c> set to the stored platform post id. A relative template
    /// resolves against the source's first start URL (the API host), not the post's canonical URL, because canonical
    /// hosts may map the API host to a web host that has no API.
    /// </summary>
    public static Uri? RecrawlUrl(SourceOptions source, StoredPost post)
    {
        if (!source.Selectors.TryGetValue(SelectorRoles.RecrawlUrl, out var template))
        {
            return null;
        }

        var filled = template.Replace("{id}", Uri.EscapeDataString(post.PlatformPostId), StringComparison.Ordinal);
        var baseUrl = SearchUrls.StartUrls(source).FirstOrDefault()?.Url ?? post.Url;
        return Uri.TryCreate(baseUrl, filled, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps) ? url : null;
    }
}
