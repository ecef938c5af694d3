using System.Globalization;
using System.Text;

namespace SentimentWatch.Office.Facts;

/// <summary>
/// Makes post text safe to quote in any export: no control characters or lone surrogates (invalid in XML and PDF
/// strings), whitespace collapsed, cut to a length at a character boundary. Markup stays literal text — every writer
/// escapes it; nothing is ever interpreted.
/// </summary>
public static class SafeText
{
    public static string Clean(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var sb = new StringBuilder(text.Length);
        var space = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                sb.Append(c).Append(text[++i]);
                space = false;
                continue;
            }

            if (char.IsSurrogate(c) || c == '\uFFFE' || c == '\uFFFF')
            {
                sb.Append('\uFFFD');
                continue;
            }

            var category = char.GetUnicodeCategory(c);
            if (char.IsWhiteSpace(c) || category is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator)
            {
                // Format characters include bidi overrides (U+202E) that would reorder the quoted text on the page.
                if (!space && sb.Length > 0)
                {
                    sb.Append(' ');
                    space = true;
                }

                continue;
            }

            // Square brackets would read as footnote markers in the editable text ([3]); quoted text keeps them full-width.
            sb.Append(c switch { '[' => '［', ']' => '］', _ => c });
            space = false;
        }

        return sb.ToString().Trim();
    }

    /// <summary>Only what XML 1.0 and PDF strings cannot hold removed (control characters, lone surrogates); spacing kept.</summary>
    public static string Storable(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var sb = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                sb.Append(c).Append(text[++i]);
            }
            else if (char.IsSurrogate(c) || c == '\uFFFE' || c == '\uFFFF')
            {
                sb.Append('\uFFFD');
            }
            else if (c == '\t' || c == '\n' || !char.IsControl(c))
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    /// <summary>Cleaned, cut to <paramref name="maxChars"/> text elements with an ellipsis, inside 「」.</summary>
    public static string Quote(string? text, int maxChars)
    {
        var clean = Clean(text);
        var info = new StringInfo(clean);
        if (info.LengthInTextElements > maxChars)
        {
            clean = info.SubstringByTextElements(0, maxChars) + "…";
        }

        return "「" + clean + "」";
    }
}
