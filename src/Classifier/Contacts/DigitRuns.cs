using System.Globalization;
using System.Text;
using SentimentWatch.Classifier.Normalisation;

namespace SentimentWatch.Classifier.Contacts;

/// <summary>
/// A number as written in a post: its digits after <see cref="ContactCharTable"/> folding, and the UTF-16 span it
/// covers in the original text (first digit to last digit).
/// </summary>
internal readonly record struct DigitRun(int Start, int End, string Digits);

/// <summary>
/// Finds numbers however they are written: any digit form of the table, numerals inside numbers, look-alike letters
/// between digits, and filler between digits (spaces, emoji with their joiners and variation selectors, symbols,
/// dashes, dots, brackets) up to <see cref="MaxGap"/> code units at a time. One pass over the text; every character is
/// looked at a bounded number of times, so no input can make it slow.
/// </summary>
internal static class DigitRuns
{
    /// <summary>Filler between two digits longer than this ends the number (a family emoji with its joiners is 11, with spaces round it 13).</summary>
    public const int MaxGap = 16;

    /// <summary>A numeral stretch this short touching another Chinese character is a word (一起, 三群, 两个); 手机一三八… is not.</summary>
    public const int MaxNumeralWord = 2;

    /// <summary>Arabic digits and numerals meet across a gap only as stretches this long (or with digits on both sides).</summary>
    public const int MinMixedAcrossGap = 3;

    /// <summary>Digits joined across a gap may not exceed this (+86 and a mobile is 13): two numbers side by side stay two.</summary>
    public const int MaxJoinedDigits = 13;

    private enum Kind : byte
    {
        Stop,
        Digit,
        Numeral,
        LookAlike,
        Filler,
    }

    private readonly record struct Item(int Pos, int Width, string Value, bool Numeral);

    /// <summary>Every number in <paramref name="text"/>; <paramref name="folded"/> is the same-length folded view.</summary>
    public static void Scan(string text, string folded, ContactCharTable table, List<DigitRun> runs)
    {
        var items = new List<Item>(24);
        var i = 0;
        while (i < text.Length)
        {
            var k = KindAt(text, i, table, out _, out var width);
            if (k is not (Kind.Digit or Kind.Numeral) && !(k == Kind.LookAlike && StartsDigits(text, i + width, table)))
            {
                i += width;
                continue;
            }

            if (GluedBefore(folded, i))
            {
                i = SkipToken(text, folded, i, table);
                continue;
            }

            items.Clear();
            var next = ReadRun(text, i, table, items);
            if (items.Count > 0 && !GluedAfter(folded, items[^1].Pos + items[^1].Width))
            {
                runs.Add(new DigitRun(items[0].Pos, items[^1].Pos + items[^1].Width, Concat(items)));
            }

            i = Math.Max(next, i + width);
        }
    }

    /// <summary>Reads stretches joined by filler from <paramref name="start"/>; returns where scanning goes on.</summary>
    private static int ReadRun(string text, int start, ContactCharTable table, List<Item> items)
    {
        var stretch = new List<Item>(16);
        var end = ReadStretch(text, start, table, stretch);
        if (!TrimWords(text, stretch, out _))
        {
            // A numeral word ("三群", "两个"): nothing to read here.
            return end;
        }

        items.AddRange(stretch);
        while (true)
        {
            var gapEnd = AfterGap(text, end, table);
            if (gapEnd < 0)
            {
                return end;
            }

            stretch.Clear();
            var nextEnd = ReadStretch(text, gapEnd, table, stretch);
            if (!TrimWords(text, stretch, out var head) || head || !MayJoin(items, stretch, AfterGap(text, nextEnd, table) >= 0))
            {
                return end;
            }

            items.AddRange(stretch);
            end = nextEnd;
        }
    }

    /// <summary>Where the next stretch of digits starts after the filler at <paramref name="end"/>, or -1 (no filler, too much, or no digit after it).</summary>
    private static int AfterGap(string text, int end, ContactCharTable table)
    {
        var gapEnd = end;
        while (gapEnd < text.Length && gapEnd - end <= MaxGap && KindAt(text, gapEnd, table, out _, out var w) == Kind.Filler)
        {
            gapEnd += w;
        }

        if (gapEnd == end || gapEnd - end > MaxGap || gapEnd >= text.Length)
        {
            return -1;
        }

        var k = KindAt(text, gapEnd, table, out _, out var width);
        if (k is Kind.Digit or Kind.Numeral)
        {
            return gapEnd;
        }

        // Inside a number one or two look-alikes may open the next group (13B-ZZ33-4455).
        if (k == Kind.LookAlike && gapEnd + width < text.Length && KindAt(text, gapEnd + width, table, out _, out var second) == Kind.LookAlike)
        {
            width += second;
        }

        return k == Kind.LookAlike && StartsDigits(text, gapEnd + width, table) ? gapEnd : -1;
    }

    private static bool StartsDigits(string text, int i, ContactCharTable table) =>
        i < text.Length && KindAt(text, i, table, out _, out _) is Kind.Digit or Kind.Numeral;

    /// <summary>Digits, numerals, and look-alikes that sit directly between two of them.</summary>
    private static int ReadStretch(string text, int start, ContactCharTable table, List<Item> stretch)
    {
        var i = start;
        while (i < text.Length)
        {
            var k = KindAt(text, i, table, out var e, out var w);
            if (k is Kind.Digit or Kind.Numeral)
            {
                stretch.Add(new Item(i, w, e.Digits, k == Kind.Numeral));
                i += w;
                continue;
            }

            // Look-alikes count when a digit follows at once (138OOOO1234, l38…) or one closes a stretch (…123l).
            if (k == Kind.LookAlike)
            {
                var j = i;
                var look = new List<Item>(4);
                while (j < text.Length && KindAt(text, j, table, out var le, out var lw) == Kind.LookAlike && look.Count < 8)
                {
                    look.Add(new Item(j, lw, le.Digits, false));
                    j += lw;
                }

                if (j < text.Length && KindAt(text, j, table, out _, out _) is Kind.Digit or Kind.Numeral)
                {
                    stretch.AddRange(look);
                    i = j;
                    continue;
                }

                // One look-alike closing a stretch of three or more digits, before anything but a letter (…123l), or of
                // two when the number goes on after filler (13B-2233-4455).
                // Two close a stretch of five or more (…2b8lO).
                if (((look.Count == 1 && (stretch.Count >= 3 || (stretch.Count == 2 && AfterGap(text, j, table) >= 0)))
                        || (look.Count == 2 && stretch.Count >= 5))
                    && (j >= text.Length || !(char.IsAsciiLetterOrDigit(text[j]) || text[j] == '_')))
                {
                    stretch.AddRange(look);
                    i = j;
                }
            }

            break;
        }

        return i;
    }

    /// <summary>
    /// Drops numeral words: a short all-numeral stretch next to a Chinese character (三群, 两个), and numerals that end
    /// a stretch of digits and begin a word (三 in "645778219三群"). Returns false when nothing is left;
    /// <paramref name="head"/> says the whole stretch was a word.
    /// </summary>
    private static bool TrimWords(string text, List<Item> stretch, out bool head)
    {
        head = false;
        if (stretch.Count == 0)
        {
            return false;
        }

        var lead = 0;
        while (lead < stretch.Count && stretch[lead].Numeral)
        {
            lead++;
        }

        // Numerals running straight into Arabic digits are one number (一三八00001234); alone and short next to a
        // Chinese character they are a word.
        if (lead == stretch.Count && lead <= MaxNumeralWord
            && (TouchesWord(text, stretch[0].Pos - 1) || TouchesWord(text, stretch[^1].Pos + stretch[^1].Width)))
        {
            head = true;
            return false;
        }

        var trail = 0;
        while (trail < stretch.Count && stretch[stretch.Count - 1 - trail].Numeral)
        {
            trail++;
        }

        if (trail > 0 && trail < stretch.Count && trail <= MaxNumeralWord && TouchesWord(text, stretch[^1].Pos + stretch[^1].Width))
        {
            stretch.RemoveRange(stretch.Count - trail, trail);
        }

        return stretch.Count > 0;
    }

    /// <summary>A Chinese character that is not itself a digit form.</summary>
    private static bool TouchesWord(string text, int i) => i >= 0 && i < text.Length && TextNormaliser.IsCjk(text[i]);

    /// <summary>
    /// Whether a stretch after a gap continues the number: Arabic digits and numerals meet across a gap as stretches
    /// of three or more, or as a shorter numeral stretch with digits on both sides (1 三 8 0000 一 234) — a lone numeral
    /// after a number ("645778219 三") is a word. Two numbers side by side (a QQ and a mobile) are not glued into one.
    /// </summary>
    private static bool MayJoin(List<Item> items, List<Item> next, bool moreFollow)
    {
        var lastNumeral = items[^1].Numeral;
        if (lastNumeral != next[0].Numeral)
        {
            var sandwiched = lastNumeral
                ? TailLength(items, numeral: true) < items.Count
                : HeadLength(next, numeral: true) < next.Count || moreFollow;
            var numeralSide = lastNumeral ? TailLength(items, numeral: true) : HeadLength(next, numeral: true);
            if (numeralSide < MinMixedAcrossGap && !sandwiched)
            {
                return false;
            }
        }

        var have = DigitCount(items);
        var digits = Concat(items);
        var limit = digits.StartsWith("0086", StringComparison.Ordinal) ? MaxJoinedDigits + 2 : MaxJoinedDigits;
        if (have + DigitCount(next) > limit)
        {
            return false;
        }

        // A complete mobile, hotline or long landline ends here: what follows the gap is another number.
        return !(ContactShapes.IsMobile(digits) || ContactShapes.IsHotline(digits) || (digits.Length == 12 && digits[0] == '0'));
    }

    private static int TailLength(List<Item> items, bool numeral)
    {
        var n = 0;
        while (n < items.Count && items[items.Count - 1 - n].Numeral == numeral)
        {
            n++;
        }

        return n;
    }

    private static int HeadLength(List<Item> items, bool numeral)
    {
        var n = 0;
        while (n < items.Count && items[n].Numeral == numeral)
        {
            n++;
        }

        return n;
    }

    private static int DigitCount(List<Item> items)
    {
        var n = 0;
        foreach (var it in items)
        {
            n += it.Value.Length;
        }

        return n;
    }

    private static string Concat(List<Item> items)
    {
        var sb = new StringBuilder(16);
        foreach (var it in items)
        {
            sb.Append(it.Value);
        }

        return sb.ToString();
    }

    /// <summary>Digits glued to letters belong to an id or a URL; after "12:" or "9/" they are a time or a date.</summary>
    private static bool GluedBefore(string folded, int i)
    {
        if (i == 0)
        {
            return false;
        }

        var p = folded[i - 1];
        if (char.IsAsciiLetterOrDigit(p) || p is '_' or '@')
        {
            return !GluedToCue(folded, i);
        }

        return p is ':' or '/' && i > 1 && (char.IsAsciiDigit(folded[i - 2]) || folded[i - 2] is '/' or '.');
    }

    /// <summary>A number glued to a bare QQ or phone cue ("加qq2764015583", "Q281904736", "tel13800001234").</summary>
    private static bool GluedToCue(string folded, int i)
    {
        var s = i;
        while (s > 0 && i - s < 4 && char.IsAsciiLetter(folded[s - 1]))
        {
            s--;
        }

        if (s > 0 && (char.IsAsciiLetterOrDigit(folded[s - 1]) || folded[s - 1] is '_' or '@'))
        {
            return false;
        }

        return folded.AsSpan(s, i - s) is "q" or "qq" or "tel";
    }

    private static bool GluedAfter(string folded, int end) => end < folded.Length && (char.IsAsciiLetter(folded[end]) || folded[end] is '_' or '@' or ':' or '/');

    /// <summary>Skips an id or a URL fragment that a digit was glued into.</summary>
    private static int SkipToken(string text, string folded, int i, ContactCharTable table)
    {
        while (i < text.Length && (char.IsAsciiLetterOrDigit(folded[i]) || folded[i] == '_' || KindAt(text, i, table, out _, out _) is Kind.Digit or Kind.Numeral or Kind.LookAlike))
        {
            i += char.IsSurrogatePair(text, i) ? 2 : 1;
        }

        return i;
    }

    private static Kind KindAt(string text, int i, ContactCharTable table, out ContactChar entry, out int width)
    {
        var c = text[i];
        int cp = c;
        width = 1;
        if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
        {
            cp = char.ConvertToUtf32(c, text[i + 1]);
            width = 2;
        }

        entry = table.Lookup(cp);
        return entry.Class switch
        {
            ContactCharClass.Digit => Kind.Digit,
            ContactCharClass.Numeral => Kind.Numeral,
            ContactCharClass.LookAlike => Kind.LookAlike,
            _ when IsFiller(c, cp) => Kind.Filler,
            _ => Kind.Stop,
        };
    }

    /// <summary>
    /// What may sit between the digits of one number: spaces, invisible characters, emoji (incl. joiners, variation
    /// selectors, skin tones, keycaps), symbols, dashes, brackets, quotes, dots, stars, slashes and commas (138/0000/1234,
    /// 138，0000，1234; dates like 9/20 stay too short to be a contact). Colons and sentence ends separate numbers;
    /// currency signs and % belong to amounts.
    /// </summary>
    internal static bool IsFiller(char c, int cp)
    {
        if (c is ' ' or '\t' or '\u3000' or '\u00A0' or '.' or '·' or '•' or '・' or '*' or '#' or '"' or '\'' or '&' or '．' or '＊' or '＃'
            or '/' or '\\' or ',' or '，' or '、' || TextNormaliser.IsInvisible(c))
        {
            return true;
        }

        var category = cp >= 0x10000 ? CharUnicodeInfo.GetUnicodeCategory(cp) : CharUnicodeInfo.GetUnicodeCategory(c);
        return category is UnicodeCategory.OtherSymbol or UnicodeCategory.ModifierSymbol or UnicodeCategory.MathSymbol
            or UnicodeCategory.EnclosingMark or UnicodeCategory.NonSpacingMark or UnicodeCategory.Format
            or UnicodeCategory.DashPunctuation or UnicodeCategory.OpenPunctuation or UnicodeCategory.ClosePunctuation
            or UnicodeCategory.InitialQuotePunctuation or UnicodeCategory.FinalQuotePunctuation or UnicodeCategory.ConnectorPunctuation;
    }
}
