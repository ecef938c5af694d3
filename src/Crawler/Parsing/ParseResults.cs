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

    /// <summary>
    /// Several answers of one rendered page as one page: content when any answer held content (an answer that did not is
    /// a problem of the page), otherwise the first answer's verdict. The page's own steps did the paging: no next page.
    /// </summary>
    public static ParsedPage Merge(IReadOnlyList<ParsedPage> pages)
    {
        var content = pages.Where(p => p.Verdict == PageVerdict.Content).ToList();
        if (content.Count == 0)
        {
            return pages[0];
        }

        var skipped = new Dictionary<string, int>(StringComparer.Ordinal);
        var roles = new Dictionary<string, Core.Collection.RoleMatch>(StringComparer.Ordinal);
        foreach (var p in content)
        {
            AddSkips(skipped, p.Skipped);
            AddRoleHits(roles, p.RoleHits);
        }

        var deleted = content.SelectMany(p => p.Deleted).Distinct(StringComparer.Ordinal).ToList();
        return Content(content.SelectMany(p => p.Posts).ToList(), content.SelectMany(p => p.DetailLinks).DistinctBy(u => u.AbsoluteUri).ToList(), null, deleted) with
        {
            ConfirmedEmpty = content.All(p => p.ConfirmedEmpty),
            Skipped = skipped,
            RoleHits = roles,
            Problems = [.. content.SelectMany(p => p.Problems), .. pages.Where(p => p.Verdict != PageVerdict.Content).Select(p => $"a captured answer was not read: {p.VerdictReason ?? p.Verdict.ToString()}")],
            Notes = [.. content.SelectMany(p => p.Notes)],
        };
    }

    /// <summary>Adds one page's skip counts, by reason, to a running total (a merged page, a run's tally).</summary>
    public static void AddSkips(Dictionary<string, int> total, IReadOnlyDictionary<string, int> byReason)
    {
        foreach (var (reason, n) in byReason)
        {
            total[reason] = total.GetValueOrDefault(reason) + n;
        }
    }

    /// <summary>Adds one page's per-role hits to a running total (a merged page, a run's tally).</summary>
    public static void AddRoleHits(Dictionary<string, Core.Collection.RoleMatch> total, IReadOnlyDictionary<string, Core.Collection.RoleMatch> hits)
    {
        foreach (var (role, m) in hits)
        {
            total[role] = total.TryGetValue(role, out var had) ? had + m : m;
        }
    }

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
