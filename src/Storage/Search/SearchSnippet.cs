using System.Text;
using SentimentWatch.Core.Search;

namespace SentimentWatch.Storage.Search;

/// <summary>
/// Builds a hit's snippet from the post's own text (not from the index's words): a window of about
/// <c>Search:SnippetChars</c> characters starting a little before the first match, every match inside it between
/// <see cref="SearchHighlight.Start"/> and <see cref="SearchHighlight.End"/>, line breaks and runs of spaces folded
/// to one space, and "…" where text was cut. Plain text: the caller escapes it for display.
/// </summary>
internal static class SearchSnippet
{
    private const string Ellipsis = "…";

    /// <summary>
    /// The snippet of the first of <paramref name="texts"/> that contains one of <paramref name="terms"/> (compared
    /// ignoring case), else the start of the first non-empty text without highlight.
    /// </summary>
    public static string Build(IEnumerable<string?> texts, IReadOnlyList<string> terms, int length)
    {
        string? fallback = null;
        foreach (var raw in texts)
        {
            if (string.IsNullOrWhiteSpace(raw))
            {
                continue;
            }

            var text = Clean(raw);
            fallback ??= text;
            var matches = Matches(text, terms);
            if (matches.Count > 0)
            {
                return Render(text, matches, length);
            }
        }

        return fallback is null ? string.Empty : Render(fallback, [], length);
    }

    /// <summary>Folds whitespace runs to one space and replaces the marker characters, so markers only mean matches.</summary>
    private static string Clean(string text)
    {
        var sb = new StringBuilder(text.Length);
        var space = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                space = sb.Length > 0;
                continue;
            }

            if (space)
            {
                sb.Append(' ');
                space = false;
            }

            sb.Append(c switch
            {
                SearchHighlight.Start => '[',
                SearchHighlight.End => ']',
                _ => c,
            });
        }

        return sb.ToString();
    }

    /// <summary>Non-overlapping match ranges, in text order; longer terms win where terms overlap.</summary>
    private static List<(int Start, int End)> Matches(string text, IReadOnlyList<string> terms)
    {
        var found = new List<(int Start, int End)>();
        foreach (var term in terms.Where(t => t.Length > 0).OrderByDescending(t => t.Length))
        {
            var at = 0;
            while (at < text.Length && (at = text.IndexOf(term, at, StringComparison.OrdinalIgnoreCase)) >= 0)
            {
                var end = at + term.Length;
                if (!found.Exists(m => m.Start < end && at < m.End))
                {
                    found.Add((at, end));
                }

                at = end;
            }
        }

        found.Sort((a, b) => a.Start.CompareTo(b.Start));
        return found;
    }

    private static string Render(string text, List<(int Start, int End)> matches, int length)
    {
        var first = matches.Count > 0 ? matches[0].Start : 0;
        // A little context before the first match, the rest after it.
        var start = Math.Max(0, first - (length / 4));
        var end = Math.Min(text.Length, start + length);
        start = Math.Max(0, Math.Min(start, end - length));
        start = Boundary(text, start);
        end = Boundary(text, end);
        var sb = new StringBuilder(end - start + 16);
        if (start > 0)
        {
            sb.Append(Ellipsis);
        }

        var at = start;
        foreach (var (s, e) in matches)
        {
            if (e <= start || s >= end)
            {
                continue;
            }

            var ms = Math.Max(s, start);
            var me = Math.Min(e, end);
            sb.Append(text, at, ms - at).Append(SearchHighlight.Start).Append(text, ms, me - ms).Append(SearchHighlight.End);
            at = me;
        }

        sb.Append(text, at, end - at);
        if (end < text.Length)
        {
            sb.Append(Ellipsis);
        }

        return sb.ToString();
    }

    /// <summary>Never cut a surrogate pair in two.</summary>
    private static int Boundary(string text, int index) =>
        index > 0 && index < text.Length && char.IsLowSurrogate(text[index]) ? index - 1 : index;
}
