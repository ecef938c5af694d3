namespace SentimentWatch.Crawler.Collection;

/// <summary>
/// Recognises a list's abstract of a post — its text cut and followed by an ellipsis or a "全文" / "展开" link, as microblog
/// timelines and forum lists show long posts — so the abstract never overwrites the full text read from the post's own
/// page. Without this, every list walk would record a false edit (full → abstract) and every recrawl another (back).
/// </summary>
internal static class Abstracts
{
    private static readonly string[] MoreLinks = ["展开全文", "查看全文", "阅读全文", "全文", "[展开]", "展开"];

    /// <summary>Whether <paramref name="candidate"/> is <paramref name="full"/> cut short and marked as cut.</summary>
    public static bool IsAbstractOf(string candidate, string full)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(full);
        if (candidate.Length >= full.Length || Cut(candidate) is not { Length: > 0 } cut)
        {
            return false;
        }

        // The list and the post page render line breaks and spaces differently: compare without white space.
        return Squeeze(full).StartsWith(Squeeze(cut), StringComparison.Ordinal);
    }

    /// <summary>The text before the "cut here" marks (a more-link, an ellipsis), or null when the text is not marked as cut.</summary>
    private static string? Cut(string text)
    {
        var t = text.TrimEnd();
        var marked = false;
        foreach (var more in MoreLinks)
        {
            if (t.EndsWith(more, StringComparison.Ordinal))
            {
                t = t[..^more.Length].TrimEnd();
                marked = true;
                break;
            }
        }

        var kept = t.TrimEnd('.', '…', '．');
        var tail = t[kept.Length..];
        // "…" or "...": a sentence that merely ends in one full stop is not cut.
        var ellipsis = tail.Contains('…', StringComparison.Ordinal) || tail.Length >= 3;
        return marked || ellipsis ? kept.TrimEnd() : null;
    }

    private static string Squeeze(string s) => string.Concat(s.Where(c => !char.IsWhiteSpace(c)));
}
