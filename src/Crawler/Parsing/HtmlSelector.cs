using AngleSharp.Dom;

namespace SentimentWatch.Crawler.Parsing;

/// <summary>
/// One HTML selector value: <c>css</c> (the element's text), <c>css@attr</c> (an attribute), <c>@attr</c> (an attribute
/// of the item itself), <c>.</c> (the item's own text), <c>$url</c> (the page URL, usually with a <c>.pattern</c>),
/// <c>$scripts</c> (the text of every script of the page, with a <c>.pattern</c> to pick a value a script sets) or
/// <c>^css</c> (the nearest enclosing element matching css, e.g. the floor a nested reply sits in). A css ending in
/// <c>!last</c> takes the last match instead of the first (Tieba's floor time is the last <c>.tail-info</c>, after the floor number).
/// CSS never contains '@', so the last '@' separates the attribute. Alternatives separated by <c> || </c> are tried in
/// order until one yields a value (e.g. <c>span@title || span</c>: the exact time in the tooltip, else the shown text).
/// </summary>
internal sealed record HtmlSelector(string? Css, string? Attribute, bool PageUrl, bool Ancestor = false, bool Last = false, bool Scripts = false)
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

        if (v == "$scripts")
        {
            return new HtmlSelector(null, null, false, Scripts: true);
        }

        if (v == ".")
        {
            return new HtmlSelector(null, null, false);
        }

        var at = v.LastIndexOf('@');
        if (at < 0)
        {
            return WithAncestor(new HtmlSelector(v, null, false));
        }

        var css = v[..at].Trim();
        return WithAncestor(new HtmlSelector(css.Length == 0 ? null : css, v[(at + 1)..].Trim(), false));
    }

    private const string LastMarker = "!last";

    private static HtmlSelector WithAncestor(HtmlSelector s)
    {
        if (s.Css is { } last && last.EndsWith(LastMarker, StringComparison.Ordinal))
        {
            s = s with { Css = last[..^LastMarker.Length].Trim(), Last = true };
        }

        return s.Css is { } css && css.StartsWith('^') ? s with { Css = css[1..].Trim(), Ancestor = true } : s;
    }

    /// <summary>The element the selector points at within <paramref name="scope"/> (the scope itself when no CSS).</summary>
    public IElement? Element(IParentNode scope, IElement? self) =>
        Css is null ? self
        : Ancestor ? (self?.ParentElement is { } parent ? SelectorCache.Shared.Closest(parent, Css) : null)
        : Last ? SelectorCache.Shared.All(scope, Css).LastOrDefault()
        : SelectorCache.Shared.First(scope, Css);
}
