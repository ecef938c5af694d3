using System.Text;
using SentimentWatch.Core.Classification;
using System.Text.RegularExpressions;

namespace SentimentWatch.Classifier.Contacts;

/// <summary>
/// An e-mail address or URL written with a stand-in character and a note naming it ("fk2026在qq※com（"在"换成@，把※换成.）").
/// </summary>
internal sealed partial class ContactExtractor
{
    /// <summary>How far from its note (same line) an address written with the stand-in is looked for.</summary>
    private const int StandInWindow = 80;

    /// <summary>
    /// "“在”换成@", "#换成@", "(at)换成@", "把※换成.": one character (or a bracketed word) and the character it stands for.
    /// </summary>
    [GeneratedRegex(@"(?:把|将)?[""“”'‘’「」『』\s\u0001]*(?<from>[(\[][a-z]{2,4}[)\]]|[^\sa-z0-9\u0001""“”'‘’「」『』,，。;；:：(（)）\[\]【】])[""“”'‘’「」『』\s\u0001]*(?:都|全部|一律)?(?:换成|改成|替换成|替换为|改为|换为|变成)[""“”'‘’「」『』\s\u0001]*(?<to>@|艾特|\.|点)", RegexOptions.CultureInvariant)]
    private static partial Regex StandInNoteRegex();

    /// <summary>An e-mail address with only ASCII in it, the whole string.</summary>
    [GeneratedRegex(@"^[a-z0-9][a-z0-9._%+\-]{0,63}@[a-z0-9][a-z0-9\-]{0,62}(?:\.[a-z0-9][a-z0-9\-]{0,62}){0,4}\.[a-z]{2,10}$", RegexOptions.CultureInvariant)]
    private static partial Regex PlainEmailRegex();

    private static bool IsStandInTokenChar(char c) => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '.' or '_' or '-' or '/' or ':' or '%' or '+' or '~' or '?' or '=' or '&' or '@';

    private static void AddStandIns(List<Contact> found, string text, string folded)
    {
        if (!folded.AsSpan().ContainsAny(StandInWords))
        {
            return;
        }

        var notes = StandInNoteRegex().Matches(folded);
        foreach (Match note in notes)
        {
            var lineStart = note.Index == 0 ? 0 : folded.LastIndexOf('\n', note.Index - 1) + 1;
            var lineEnd = folded.IndexOf('\n', note.Index + note.Length);
            var lo = Math.Max(lineStart, note.Index - StandInWindow);
            var hi = Math.Min(lineEnd < 0 ? folded.Length : lineEnd, note.Index + note.Length + StandInWindow);
            // Every note on the line applies ("&换成@，※换成.").
            var pairs = notes.Where(n => n.Index >= lineStart && (lineEnd < 0 || n.Index < lineEnd))
                .Select(n => (From: n.Groups["from"].Value, To: n.Groups["to"].Value is "@" or "艾特" ? "@" : "."))
                .ToList();
            ScanStandIns(found, text, folded, notes, pairs, lo, note.Index);
            ScanStandIns(found, text, folded, notes, pairs, note.Index + note.Length, hi);
        }
    }

    /// <summary>Reads the tokens of <paramref name="folded"/>[lo..hi) with each stand-in of <paramref name="pairs"/> read as its character.</summary>
    private static void ScanStandIns(List<Contact> found, string text, string folded, MatchCollection notes, List<(string From, string To)> pairs, int lo, int hi)
    {
        var sb = new StringBuilder();
        var start = -1;
        var replaced = false;
        for (var i = lo; i <= hi; i++)
        {
            var inNote = i < hi && notes.Any(n => i >= n.Index && i < n.Index + n.Length);
            var pair = i < hi && !inNote ? pairs.FindIndex(p => string.CompareOrdinal(folded, i, p.From, 0, p.From.Length) == 0) : -1;
            if (pair >= 0 && (start >= 0 || pairs[pair].From.Length > 1 || i + 1 >= hi || IsStandInTokenChar(folded[i + 1])))
            {
                start = start < 0 ? i : start;
                sb.Append(pairs[pair].To);
                replaced = true;
                i += pairs[pair].From.Length - 1;
                continue;
            }

            // A token opens with a letter or digit (not the colon of "链接：").
            if (i < hi && !inNote && IsStandInTokenChar(folded[i]) && (start >= 0 || char.IsAsciiLetterOrDigit(folded[i])))
            {
                start = start < 0 ? i : start;
                sb.Append(folded[i]);
                continue;
            }

            if (start >= 0 && replaced)
            {
                var value = sb.ToString().TrimEnd('.', '/', '-', ':', '?', '&', '=');
                var length = i - start - (sb.Length - value.Length);
                if (PlainEmailRegex().IsMatch(value))
                {
                    Add(found, text, Email, value, start, length);
                }
                else if (!value.Contains('@') && UrlRegex().Match(value) is { Success: true } url && url.Index == 0 && url.Length == value.Length)
                {
                    Add(found, text, Url, value, start, length, lowerCase: false);
                }
            }

            sb.Clear();
            start = -1;
            replaced = false;
        }
    }
}
