using System.Text;
using System.Text.RegularExpressions;

namespace SentimentWatch.Office.Reports;

/// <summary>
/// The text form of a section the office edits: paragraphs separated by a blank line, each fact written as its text
/// followed by its footnote number in brackets (<c>共120条[3]</c>), blanks as 【待补充：…】.
/// Parsing an edit keeps a fact when its marker is still there and its text still stands in the same sentence; a
/// sentence that states a number or a quotation without such a fact becomes <see cref="SegmentKind.Unsupported"/>
/// and is printed marked 【无来源】 — an edit can reword, never slip in an unsourced figure.
/// </summary>
public static partial class EditText
{
    public static string Format(Section section) => string.Join("\n\n", section.Paragraphs.Select(Format));

    public static string Format(Paragraph paragraph)
    {
        var sb = new StringBuilder();
        foreach (var s in paragraph.Segments)
        {
            sb.Append(s.Text);
            if (s.Kind == SegmentKind.Fact)
            {
                sb.Append('[').Append(s.FactId).Append(']');
            }
        }

        return sb.ToString();
    }

    /// <summary>Parses an edited section's text against the report's facts.</summary>
    public static IReadOnlyList<Paragraph> Parse(string text, ReportDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var paragraphs = new List<Paragraph>();
        foreach (var block in BlankLine().Split((text ?? string.Empty).Replace("\r\n", "\n", StringComparison.Ordinal)))
        {
            var clean = block.Replace(Blanks.Unsupported, string.Empty, StringComparison.Ordinal).Replace('\n', ' ').Trim();
            if (clean.Length == 0)
            {
                continue;
            }

            var segments = new List<Segment>();
            foreach (var sentence in Sentences(clean))
            {
                segments.AddRange(ParseSentence(sentence, document));
            }

            paragraphs.Add(new Paragraph(Merge(segments)));
        }

        return paragraphs;
    }

    private static IEnumerable<string> Sentences(string text)
    {
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] is '。' or '！' or '？' or '；')
            {
                // A marker right after the full stop belongs to the sentence it closes.
                var end = i + 1;
                while (Marker().Match(text, end) is { Success: true } m && m.Index == end)
                {
                    end += m.Length;
                }

                yield return text[start..end];
                start = end;
                i = end - 1;
            }
        }

        if (start < text.Length)
        {
            yield return text[start..];
        }
    }

    private static IEnumerable<Segment> ParseSentence(string sentence, ReportDocument document)
    {
        var segments = new List<Segment>();
        var last = 0;
        var supported = true;
        var plainSentence = Marker().Replace(sentence, string.Empty);
        foreach (Match m in Marker().Matches(sentence))
        {
            var chunk = sentence[last..m.Index];
            last = m.Index + m.Length;
            var fact = int.TryParse(m.Groups[1].ValueSpan, out var id) ? document.FactOf(id) : null;
            var at = fact is null ? -1 : chunk.LastIndexOf(fact.Text, StringComparison.Ordinal);
            if (fact is null || !plainSentence.Contains(fact.Text, StringComparison.Ordinal) || at < 0)
            {
                supported = false;
                break;
            }

            // What stands before the fact's own text must not state anything by itself.
            var before = chunk[..at];
            if (StatesSomething(before))
            {
                supported = false;
                break;
            }

            segments.AddRange(Plain(before));
            segments.Add(new Segment(SegmentKind.Fact, chunk[at..], fact.Id));
        }

        var tail = sentence[last..];
        if (!supported || StatesSomething(tail))
        {
            return [new Segment(SegmentKind.Unsupported, plainSentence)];
        }

        segments.AddRange(Plain(tail));
        return segments;
    }

    /// <summary>Plain text split into prose and blanks.</summary>
    private static IEnumerable<Segment> Plain(string text)
    {
        var last = 0;
        foreach (Match m in BlankMark().Matches(text))
        {
            if (m.Index > last)
            {
                yield return Segment.Plain(text[last..m.Index]);
            }

            yield return new Segment(SegmentKind.Blank, m.Value);
            last = m.Index + m.Length;
        }

        if (last < text.Length)
        {
            yield return Segment.Plain(text[last..]);
        }
    }

    /// <summary>A digit (any script) or a quotation mark outside a blank: a claim that needs a fact.</summary>
    internal static bool StatesSomething(string text)
    {
        var outsideBlanks = BlankMark().Replace(text, string.Empty);
        return outsideBlanks.Any(c => char.IsDigit(c) || c is '「' or '」' or '“' or '”' or '"' or '『' or '』');
    }

    private static List<Segment> Merge(List<Segment> segments)
    {
        var merged = new List<Segment>();
        foreach (var s in segments.Where(s => s.Text.Length > 0 || s.Kind == SegmentKind.Fact))
        {
            if (merged.Count > 0 && merged[^1].Kind == s.Kind && s.Kind is SegmentKind.Text or SegmentKind.Unsupported)
            {
                merged[^1] = merged[^1] with { Text = merged[^1].Text + s.Text };
            }
            else
            {
                merged.Add(s);
            }
        }

        return merged;
    }

    [GeneratedRegex(@"\[(\d{1,6})\]")]
    private static partial Regex Marker();

    [GeneratedRegex(@"【待补充[^】]*】")]
    private static partial Regex BlankMark();

    [GeneratedRegex(@"\n\s*\n")]
    private static partial Regex BlankLine();
}
