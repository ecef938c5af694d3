using AngleSharp.Dom;

namespace SentimentWatch.Crawler.Parsing;

/// <summary>
/// One HTML selector value: <c>css</c> (the element's text), <c>css@attr</c> (an attribute), <c>@attr</c> (an attribute
/// of the item itself), <c>.</c> (the item's own text) or <c>$url</c> (the page URL, usually with a <c>.pattern</c>).
/// CSS never contains '@', so the last '@' separates the attribute. Alternatives separated by <c> || </c> are tried in
/// order until one yields a value (e.g. <c>span@title || span</c>: the exact time in the tooltip, else the shown text).
/// </summary>
internal sealed record HtmlSelector(string? Css, string? Attribute, bool PageUrl)
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, IReadOnlyList<HtmlSelector>> Cache = new(StringComparer.Ordinal);

    /// <summary>The alternatives of a selector value, parsed once per distinct value.</summary>
    public static IReadOnlyList<HtmlSelector> ParseAll(string value) =>
        Cache.GetOrAdd(value, v => v.Split(" || ", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Parse).ToList());

    public static HtmlSelector Parse(string value)
    {
        var v = value.Trim();
        if (v == "$url")
        {
            return new HtmlSelector(null, null, true);
        }

        if (v == ".")
        {
            return new HtmlSelector(null, null, false);
        }

        var at = v.LastIndexOf('@');
        if (at < 0)
        {
            return new HtmlSelector(v, null, false);
        }

        var css = v[..at].Trim();
        return new HtmlSelector(css.Length == 0 ? null : css, v[(at + 1)..].Trim(), false);
    }

    /// <summary>The element the selector points at within <paramref name="scope"/> (the scope itself when no CSS).</summary>
    public IElement? Element(IParentNode scope, IElement? self) =>
        Css is null ? self : scope.QuerySelector(Css);
}
