using SentimentWatch.Core.Posts;
using SentimentWatch.Crawler.Sources;

namespace SentimentWatch.Crawler.Parsing;

/// <summary>Small constructors shared by the parsers.</summary>
internal static class ParseResults
{
    public static ParsedPage Content(IReadOnlyList<CollectedPost> posts, IReadOnlyList<Uri> detailLinks, Uri? next, IReadOnlyList<string>? deleted = null) =>
        new(posts, detailLinks, next, PageVerdict.Content, null, deleted is { Count: > 0 } ? deleted : null);

    public static ParsedPage Verdict(PageVerdict verdict, string reason) => new([], [], null, verdict, reason);

    /// <summary>A page without the expected content: a stand-in page when a marker says so, otherwise <paramref name="otherwise"/>.</summary>
    public static ParsedPage Missing(SourceOptions source, PageRole role, string markerText, ParsedPage otherwise) =>
        PageMarkers.Detect(source, role, markerText) is { } v ? Verdict(v.Verdict, v.Reason) : otherwise;

    public static ParsedPage NotParseable(string reason) => Verdict(PageVerdict.NotParseable, reason);

    /// <summary>A short printable excerpt of a body for error messages.</summary>
    public static string Excerpt(string text)
    {
        var s = HtmlText.CollapseWhitespace(text.Length > 200 ? text[..200] : text);
        var chars = s.Select(c => char.IsControl(c) ? '?' : c).Take(40).ToArray();
        return new string(chars) + (s.Length > 40 ? "…" : "");
    }

    /// <summary>
    /// Why <paramref name="text"/> looks decoded with the wrong charset (many U+FFFD replacement characters), or null.
    /// Posts read from such a page would be stored as mojibake, so the page fails instead.
    /// </summary>
    public static string? CharsetProblem(string text)
    {
        var bad = 0;
        foreach (var c in text)
        {
            if (c == '\ufffd')
            {
                bad++;
            }
        }

        return bad > 16 || (bad > 0 && bad * 200 > text.Length)
            ? $"body holds {bad} undecodable characters (U+FFFD): wrong charset?"
            : null;
    }
}
