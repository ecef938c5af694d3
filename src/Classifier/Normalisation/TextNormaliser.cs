using System.Globalization;
using System.Text;

namespace SentimentWatch.Classifier.Normalisation;

/// <summary>
/// Undoes what filter-dodgers do before the text reaches the segmenter and the model: invisible and bidi characters
/// removed, full-width folded to half-width, Latin lower-cased, traditional→simplified, separators between Chinese
/// characters collapsed (答.案, 答 案, 答/案, 答*案, 答😀案), then variant spellings replaced by their canonical form.
/// Thread-safe.
/// </summary>
internal sealed class TextNormaliser
{
    private readonly OpenCcTable _openCc;
    private readonly VariantTable _variants;

    [ThreadStatic]
    private static StringBuilder? t_a;

    [ThreadStatic]
    private static StringBuilder? t_b;

    public TextNormaliser(OpenCcTable openCc, VariantTable variants)
    {
        _openCc = openCc;
        _variants = variants;
    }

    public VariantTable Variants => _variants;

    /// <summary>Traditional→simplified for one character (see <see cref="OpenCcTable.SimplifyChar"/>).</summary>
    public char SimplifyChar(char c) => _openCc.SimplifyChar(c);

    public NormalisedText Normalise(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var a = t_a ??= new StringBuilder(256);
        var b = t_b ??= new StringBuilder(256);
        a.Clear();
        b.Clear();
        List<Evasion>? evasions = null;

        FoldWidthAndStripInvisible(text, a);
        ConvertTraditional(a, b);
        a.Clear();
        CollapseSeparators(b, a, ref evasions);
        b.Clear();
        ReplaceVariants(a, b, ref evasions);
        return new NormalisedText(b.ToString(), (IReadOnlyList<Evasion>?)evasions ?? []);
    }

    private static void FoldWidthAndStripInvisible(string text, StringBuilder output)
    {
        foreach (var c in text)
        {
            if (IsInvisible(c))
            {
                continue;
            }

            var f = c switch
            {
                >= '\uFF01' and <= '\uFF5E' => (char)(c - 0xFEE0),
                '\u3000' or '\u00A0' => ' ',
                '\u3002' => '。',
                _ => c,
            };
            output.Append(f is >= 'A' and <= 'Z' ? (char)(f + 32) : f);
        }
    }

    /// <summary>Zero-width, joiner, bidi embedding/override/isolate, soft hyphen, variation selectors, BOM.</summary>
    internal static bool IsInvisible(char c) => c is '\u00AD' or '\u034F' or '\u061C' or '\u180E'
        or (>= '\u200B' and <= '\u200F') or (>= '\u202A' and <= '\u202E') or (>= '\u2060' and <= '\u2069')
        or '\uFEFF' or (>= '\uFE00' and <= '\uFE0F');

    private void ConvertTraditional(StringBuilder input, StringBuilder output)
    {
        foreach (var chunk in input.GetChunks())
        {
            if (chunk.Length == input.Length)
            {
                _openCc.Convert(chunk.Span, output);
                return;
            }
        }

        _openCc.Convert(input.ToString(), output);
    }

    internal static bool IsCjk(char c) => c is (>= '\u4E00' and <= '\u9FFF') or (>= '\u3400' and <= '\u4DBF') or (>= '\uF900' and <= '\uFAFF');

    /// <summary>Characters that sit between two Chinese characters only to split a word; sentence punctuation is not among them.</summary>
    private static bool IsSeparator(char c) => c switch
    {
        ' ' or '\t' or '.' or '*' or '/' or '\\' or '-' or '_' or '|' or '~' or '+' or '=' or '#' or '^' or '`' or '\'' or '"' => true,
        '·' or '•' or '・' or '丶' or '︱' or '∣' or '×' or '☆' or '★' or '○' or '●' or '◇' or '◆' or '□' or '■' or '♡' or '♥' => true,
        _ => char.IsSurrogate(c) || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.OtherSymbol or UnicodeCategory.MathSymbol,
    };

    private void CollapseSeparators(StringBuilder input, StringBuilder output, ref List<Evasion>? evasions)
    {
        var n = input.Length;
        var i = 0;
        while (i < n)
        {
            var c = input[i];
            output.Append(c);
            i++;
            if (!IsCjk(c) || i >= n || !IsSeparator(input[i]))
            {
                continue;
            }

            // A short run of separators followed by another Chinese character: drop the run.
            var j = i;
            while (j < n && j - i < 4 && IsSeparator(input[j]))
            {
                j++;
            }

            if (j < n && j - i < 4 && IsCjk(input[j]))
            {
                var joinAt = output.Length;
                var sepStart = i;
                i = j;
                NoteSplitEvasion(input, sepStart, j, output, joinAt, ref evasions);
            }
        }
    }

    /// <summary>Records a split spelling when the joined characters form a watch term across the removed separator.</summary>
    private void NoteSplitEvasion(StringBuilder input, int sepStart, int sepEnd, StringBuilder output, int joinAt, ref List<Evasion>? evasions)
    {
        var max = _variants.MaxWatchTermLength;
        if (max < 2)
        {
            return;
        }

        var lookup = _variants.WatchTerms.GetAlternateLookup<ReadOnlySpan<char>>();
        Span<char> window = stackalloc char[2 * max];
        // Characters already output before the join, and upcoming input characters after the separator.
        var left = Math.Min(max - 1, joinAt);
        for (var k = 0; k < left; k++)
        {
            window[k] = output[joinAt - left + k];
        }

        var right = 0;
        for (var k = sepEnd; k < input.Length && right < max - 1; k++)
        {
            if (!IsCjk(input[k]))
            {
                break;
            }

            window[left + right] = input[k];
            right++;
        }

        for (var len = Math.Min(max, left + right); len >= 2; len--)
        {
            for (var s = Math.Max(0, left - len + 1); s <= left - 1 && s + len <= left + right; s++)
            {
                if (s + len <= left)
                {
                    continue;
                }

                if (lookup.Contains(window.Slice(s, len)))
                {
                    var term = window.Slice(s, len).ToString();
                    var raw = window.Slice(s, left - s).ToString() + input.ToString(sepStart, sepEnd - sepStart) + window.Slice(left, s + len - left).ToString();
                    (evasions ??= []).Add(new Evasion("split", raw, term));
                    return;
                }
            }
        }
    }

    private void ReplaceVariants(StringBuilder input, StringBuilder output, ref List<Evasion>? evasions)
    {
        string? s = null;
        foreach (var chunk in input.GetChunks())
        {
            if (chunk.Length == input.Length)
            {
                Replace(chunk.Span, output, ref evasions);
                return;
            }
        }

        s ??= input.ToString();
        Replace(s, output, ref evasions);

        void Replace(ReadOnlySpan<char> text, StringBuilder o, ref List<Evasion>? ev)
        {
            for (var i = 0; i < text.Length; i++)
            {
                var e = _variants.MatchAt(text, i);
                if (e is null)
                {
                    o.Append(text[i]);
                    continue;
                }

                o.Append(e.Canonical);
                (ev ??= []).Add(new Evasion(e.Kind, e.Variant, e.Canonical));
                i += e.Variant.Length - 1;
            }
        }
    }
}
