using System.Globalization;
using System.Text;
using SentimentWatch.Classifier.Normalisation;

namespace SentimentWatch.Classifier.Contacts;

/// <summary>
/// A number as written in a post: its digits after <see cref="ContactCharTable"/> folding, and the UTF-16 span it
/// covers in the original text (first digit to last digit). <paramref name="Spoken"/>: written with sound-alike
/// characters (幺伞酒…, table class <c>homophone</c>), a contact only where a cue says so.
/// </summary>
internal readonly record struct DigitRun(int Start, int End, string Digits, bool Spoken = false);

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

    /// <summary>十 (ten): 十三 opening a number is 13; elsewhere it is an amount word (see the table's none rows).</summary>
    private const char Ten = '十';

    /// <summary>A number written partly in sound-alike characters (幺伞酒…) needs this many digits: as long as a contact.</summary>
    public const int MinSpokenDigits = 7;

    /// <summary>Filler between the groups of a spoken number ("幺伞酒 思溜霸…") may not exceed this.</summary>
    public const int MaxSpokenGap = 3;

    /// <summary>"四个零", "4 个 6": a count of at most this many of one digit.</summary>
    public const int MaxRepeat = 8;

    /// <summary>Look-alike letters that may stand alone as a group between two groups of digits (l3B OOOO 2Z4l).</summary>
    public const int MaxLookAlikeGroup = 4;

    /// <summary>
    /// Groups of look-alikes alone that may follow one another before the next digit: a number written one
    /// character at a time ("4 O O – O O O – 8 8 2 5", "1 5 6 O O O 7 Z 3 4") has one group per letter.
    /// </summary>
    public const int MaxLookAlikeGroups = 8;

    private enum Kind : byte
    {
        Stop,
        Digit,
        Numeral,
        LookAlike,
        Filler,
        Homophone,
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
            if (k is Kind.Numeral or Kind.Homophone)
            {
                if (TryReadSpoken(text, i, table, out var spoken))
                {
                    runs.Add(spoken);
                    i = spoken.End;
                    continue;
                }

                if (k == Kind.Homophone)
                {
                    i += width;
                    continue;
                }
            }

            if (k is not (Kind.Digit or Kind.Numeral) && !(k == Kind.LookAlike && OpensNumber(text, i, table))
                && !(text[i] == Ten && StartsDigits(text, i + 1, table)))
            {
                i += width;
                continue;
            }

            if (GluedBefore(folded, i))
            {
                i = Math.Max(SkipToken(text, folded, i, table), i + width);
                continue;
            }

            items.Clear();
            var next = ReadRun(text, i, table, items);
            if (items.Count > 0 && !GluedAfter(folded, items[^1].Pos + items[^1].Width))
            {
                SpacedLookAlikesBefore(text, folded, table, items);
                runs.Add(new DigitRun(items[0].Pos, items[^1].Pos + items[^1].Width, Concat(items)));
            }

            i = Math.Max(next, i + width);
        }
    }

    /// <summary>Reads stretches joined by filler from <paramref name="start"/>; returns where scanning goes on.</summary>
    private static int ReadRun(string text, int start, ContactCharTable table, List<Item> items)
    {
        var stretch = new List<Item>(16);
        var end = ReadStretch(text, start, table, stretch, 0);
        if (!TrimWords(text, stretch, out _))
        {
            // A numeral word ("三群", "两个"): nothing to read here.
            return end;
        }

        items.AddRange(stretch);
        // One digit per line (a number written vertically): line breaks join single digits, and only them.
        var vertical = stretch.Count == 1;
        while (true)
        {
            var gapEnd = AfterGap(text, end, table, vertical);
            if (gapEnd < 0 || ListMarker(text, items, end))
            {
                return end;
            }

            var newline = vertical && text.AsSpan(end, gapEnd - end).IndexOfAny('\n', '\r') >= 0;
            stretch.Clear();
            var nextEnd = ReadStretch(text, gapEnd, table, stretch, items.Count);
            if ((newline && stretch.Count != 1) || !TrimWords(text, stretch, out var head) || head
                || CounterAfterPause(text, end, gapEnd, stretch, nextEnd)
                || !MayJoin(items, stretch, AfterGap(text, nextEnd, table, vertical && stretch.Count == 1) >= 0))
            {
                return end;
            }

            items.AddRange(stretch);
            end = nextEnd;
            vertical &= stretch.Count == 1;
        }
    }

    /// <summary>
    /// A number written partly in sound-alike characters (幺伞酒 思溜霸 灵舞期…): digits, numerals and homophones with at
    /// most <see cref="MaxSpokenGap"/> filler between groups, at least one homophone, <see cref="MinSpokenDigits"/> to
    /// <see cref="MaxJoinedDigits"/> digits. Homophones at the edges of an otherwise plain number are words
    /// ("一三八…一二三四就行") unless with them the number is a mobile.
    /// </summary>
    private static bool TryReadSpoken(string text, int start, ContactCharTable table, out DigitRun run)
    {
        run = default;
        Span<char> digits = stackalloc char[MaxJoinedDigits + 2];
        var n = 0;
        var pos = start;
        var end = start;
        int firstPlain = -1, lastPlain = -1, homophones = 0, innerHomophones = 0, pendingHomophones = 0, counted = 0;
        var previousKind = Kind.Stop;
        var countingWord = '\0';
        while (pos < text.Length && n <= MaxJoinedDigits)
        {
            var k = KindAt(text, pos, table, out var e, out var w);
            if (k is Kind.Digit or Kind.Numeral or Kind.Homophone)
            {
                var before = n;
                foreach (var d in e.Digits)
                {
                    if (n < digits.Length)
                    {
                        digits[n] = d;
                    }

                    n++;
                }

                if (k == Kind.Homophone)
                {
                    homophones++;
                    pendingHomophones++;
                    // 一期二期三期: one homophone after each numeral is a count of issues, not a number.
                    if (previousKind != Kind.Homophone && text[pos] == countingWord)
                    {
                        counted++;
                    }

                    countingWord = previousKind != Kind.Homophone ? text[pos] : '\0';
                }
                else
                {
                    if (firstPlain < 0)
                    {
                        firstPlain = before;
                    }
                    else
                    {
                        innerHomophones += pendingHomophones;
                    }

                    pendingHomophones = 0;
                    lastPlain = n;
                }

                previousKind = k;
                pos += w;
                end = pos;
                continue;
            }

            if (k != Kind.Filler)
            {
                break;
            }

            var g = pos;
            while (g < text.Length && g - pos < MaxSpokenGap && KindAt(text, g, table, out _, out var gw) == Kind.Filler)
            {
                g += gw;
            }

            if (g >= text.Length || KindAt(text, g, table, out _, out _) is not (Kind.Digit or Kind.Numeral or Kind.Homophone))
            {
                break;
            }

            pos = g;
        }

        if (homophones == 0 || counted >= 2 || n < MinSpokenDigits || n > MaxJoinedDigits)
        {
            return false;
        }

        var all = new string(digits[..n]);
        // Homophones only at the edges: the plain number between them is read the ordinary way, unless the whole is a mobile.
        if (innerHomophones == 0 && firstPlain >= 0 && lastPlain - firstPlain >= 5 && !ContactShapes.IsMobile(all))
        {
            return false;
        }

        run = new DigitRun(start, end, all, Spoken: true);
        return true;
    }

    /// <summary>"四个零", "4 个 6", "两个8": a count (2–<see cref="MaxRepeat"/>) of one digit, as one item of that digit repeated.</summary>
    private static bool TryRepeat(string text, int i, ContactCharTable table, out Item item)
    {
        item = default;
        var k = KindAt(text, i, table, out var count, out var w);
        if (k is not (Kind.Digit or Kind.Numeral) || count.Digits.Length != 1 || count.Digits[0] is < '2' or > (char)('0' + MaxRepeat))
        {
            return false;
        }

        var j = i + w;
        j += j < text.Length && text[j] == ' ' ? 1 : 0;
        if (j >= text.Length || text[j] != '个')
        {
            return false;
        }

        j++;
        j += j < text.Length && text[j] == ' ' ? 1 : 0;
        if (j >= text.Length || KindAt(text, j, table, out var digit, out var dw) is not (Kind.Digit or Kind.Numeral) || digit.Digits.Length != 1)
        {
            return false;
        }

        item = new Item(i, j + dw - i, new string(digit.Digits[0], count.Digits[0] - '0'), false);
        return true;
    }

    /// <summary>
    /// Where the next stretch of digits starts after the filler at <paramref name="end"/>, or -1 (no filler, too much, or
    /// no digit after it). <paramref name="newline"/>: line breaks count as filler (one digit per line). A group of
    /// look-alikes alone (OOOO) counts when digits follow it after more filler, with at most <paramref name="lookAlikeGroups"/> such groups in a row.
    /// </summary>
    private static int AfterGap(string text, int end, ContactCharTable table, bool newline = false, int lookAlikeGroups = MaxLookAlikeGroups)
    {
        var gapEnd = end;
        while (gapEnd < text.Length && gapEnd - end <= MaxGap)
        {
            if (newline && text[gapEnd] is '\n' or '\r')
            {
                gapEnd++;
                continue;
            }

            if (KindAt(text, gapEnd, table, out _, out var w) != Kind.Filler)
            {
                break;
            }

            gapEnd += w;
        }

        if (gapEnd == end || gapEnd - end > MaxGap || gapEnd >= text.Length || IsMask(text.AsSpan(end, gapEnd - end)))
        {
            return -1;
        }

        var k = KindAt(text, gapEnd, table, out _, out var width);
        if (k is Kind.Digit or Kind.Numeral)
        {
            return gapEnd;
        }

        if (k != Kind.LookAlike)
        {
            return -1;
        }

        // Inside a number look-alikes may open the next group (13B-ZZ33-4455) or be a whole group (l3B OOOO 2Z4l).
        var j = gapEnd;
        var n = 0;
        while (j < text.Length && n < 8 && KindAt(text, j, table, out _, out var lw) == Kind.LookAlike)
        {
            j += lw;
            n++;
        }

        if (StartsDigits(text, j, table))
        {
            return gapEnd;
        }

        return lookAlikeGroups > 0 && n <= MaxLookAlikeGroup && j < text.Length && KindAt(text, j, table, out _, out _) == Kind.Filler
            && AfterGap(text, j, table, newline: false, lookAlikeGroups: lookAlikeGroups - 1) >= 0 ? gapEnd : -1;
    }

    /// <summary>
    /// Whether the look-alike at <paramref name="i"/> opens a number: digits follow it at once or after more look-alikes
    /// (l38…, lO2OOO9S7). Look-alikes of g, q and v (G, q, Ⅴ) never do: qq, q and v are cue words.
    /// </summary>
    private static bool OpensNumber(string text, int i, ContactCharTable table)
    {
        var j = i;
        var n = 0;
        while (j < text.Length && n <= MaxLookAlikeGroup && KindAt(text, j, table, out var e, out var w) == Kind.LookAlike)
        {
            if (n == 0 && e.Letter is 'g' or 'q' or 'v' && !(IsRoman(text[j]) && j + w < text.Length && IsRoman(text[j + w])))
            {
                return false;
            }

            j += w;
            n++;
        }

        // "ⅠⅤⅠ-0000-ⅨⅡⅢⅣ": Roman numerals used digit by digit open a number before filler and more digits.
        return StartsDigits(text, j, table) || (n > 0 && AllRoman(text, i, j) && AfterGap(text, j, table) >= 0);
    }

    private static bool AllRoman(string text, int from, int to)
    {
        for (var k = from; k < to; k++)
        {
            if (!IsRoman(text[k]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// A number spelled out one character at a time may open with look-alikes ("I 5 6 O O O 7 Z 3 4", "🐧 l O 2 O O O 9 S 7"):
    /// single look-alikes standing alone before a spaced-out run (a space or a dash between each) are its first digits.
    /// </summary>
    private static void SpacedLookAlikesBefore(string text, string folded, ContactCharTable table, List<Item> items)
    {
        if (items.Count < 2 || items[1].Pos == items[0].Pos + items[0].Width)
        {
            return;
        }

        var p = items[0].Pos;
        var added = 0;
        while (added < MaxLookAlikeGroup)
        {
            var g = p;
            while (g > 0 && p - g < 3 && text[g - 1] is ' ' or '\u3000' or '-' or '–' or '—')
            {
                g--;
            }

            if (g == p || g == 0)
            {
                return;
            }

            var c = g - 1;
            var e = table.Lookup(text[c]);
            if (e.Class != ContactCharClass.LookAlike || (e.Letter is 'g' or 'q' or 'v' && !(IsRoman(text[c]) && IsRoman(text[items[0].Pos])))
                || (c > 0 && (char.IsAsciiLetterOrDigit(folded[c - 1]) || folded[c - 1] == '_' || KindAt(text, c - 1, table, out _, out _) == Kind.LookAlike)))
            {
                return;
            }

            items.Insert(0, new Item(c, 1, e.Digits, false));
            p = c;
            added++;
        }
    }

    /// <summary>
    /// A Roman numeral (Ⅰ…ⅿ). Ⅴ stands for 5 at the head of a number only before another Roman numeral
    /// (Ⅴ Ⅱ Ⅳ…): before Arabic digits it is the cue V (Ⅴ138…).
    /// </summary>
    private static bool IsRoman(char c) => c is >= '\u2160' and <= '\u217F';

    /// <summary>Three stars or more in a row mask digits (3201**********0021, 138****1234): what is left is not a number.</summary>
    private static bool IsMask(ReadOnlySpan<char> gap) => gap.IndexOf("***") >= 0 || gap.IndexOf("＊＊＊") >= 0;

    private static bool StartsDigits(string text, int i, ContactCharTable table) =>
        i < text.Length && KindAt(text, i, table, out _, out _) is Kind.Digit or Kind.Numeral;

    /// <summary>
    /// Digits, numerals, repeats ("四个零"), and look-alikes that sit directly between two of them, close a stretch, or —
    /// in the middle of a number, after <paramref name="before"/> digit characters read already — form a group of their
    /// own between groups of digits.
    /// </summary>
    private static int ReadStretch(string text, int start, ContactCharTable table, List<Item> stretch, int before)
    {
        var i = start;
        // "十三九二四…": a number may open with 十 + a digit for 13–19.
        if (before == 0 && text[i] == Ten && i + 1 < text.Length && KindAt(text, i + 1, table, out var teen, out var tw) is Kind.Digit or Kind.Numeral
            && teen.Digits.Length == 1 && teen.Digits[0] != '0')
        {
            stretch.Add(new Item(i, 1 + tw, "1" + teen.Digits, true));
            i += 1 + tw;
        }

        while (i < text.Length)
        {
            if (TryRepeat(text, i, table, out var repeat))
            {
                stretch.Add(repeat);
                i += repeat.Width;
                continue;
            }

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

                // One look-alike closing a stretch of three or more digits, before anything but a letter (…123l); two
                // closing one of five or more (…2b8lO); up to four closing a stretch of two or more, or standing alone
                // in the middle of a number, when the number goes on after filler (13B-2233-4455, l3B OOOO 2Z4l); two or more
                // closing a single digit the same way (8OO-OOO-3456).
                var read = stretch.Count + before;
                // A bar after a number is a separator ("手机 186…3390｜座机"), never its last digit or a group of its own.
                var closingBar = text[look[^1].Pos] is '|' or '｜';
                var roman = AllRoman(text, i, j) && AfterGap(text, j, table) >= 0;
                if (!closingBar && (roman || (look.Count == 1 && read >= 3) || (look.Count == 2 && read >= 5)
                        || (look.Count <= MaxLookAlikeGroup && (stretch.Count >= 2 || (stretch.Count == 1 && look.Count >= 2) || (before > 0 && stretch.Count == 0))
                            && AfterGap(text, j, table, newline: false, lookAlikeGroups: stretch.Count > 0 ? MaxLookAlikeGroups : MaxLookAlikeGroups - 1) >= 0))
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

    /// <summary>"1）", "2、": one or two Arabic digits closed by a bracket or an enumeration comma number a list; they open no contact.</summary>
    private static bool ListMarker(string text, List<Item> items, int end) =>
        items.Count <= 2 && items.TrueForAll(it => !it.Numeral && it.Value.Length == 1) && text[end] is ')' or '）' or '、';

    /// <summary>"…叁叁零，3群": after a pause (comma, full stop, semicolon) one digit glued to a Chinese word starts the next phrase.</summary>
    private static bool CounterAfterPause(string text, int end, int gapEnd, List<Item> stretch, int nextEnd) =>
        stretch.Count == 1 && !stretch[0].Numeral && stretch[0].Value.Length <= 2 && (TouchesWord(text, nextEnd) || IsAsciiWordAt(text, nextEnd))
        && (text.AsSpan(end, gapEnd - end).IndexOfAny("，,。；;、") >= 0 || IsEnclosedNumber(text[stretch[0].Pos]));

    /// <summary>①…⑳, ⑴…⒇, ⒈…⒛, ❶…➓: before a word they number a list ("②QQ群 … ③有问题发邮件").</summary>
    private static bool IsEnclosedNumber(char c) => c is (>= '\u2460' and <= '\u249B') or (>= '\u24EB' and <= '\u24FF') or (>= '\u2776' and <= '\u2793');

    private static bool IsAsciiWordAt(string text, int i) => i < text.Length && char.IsAsciiLetter(text[i]);

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
            // "一 5 〇 0 0 〇 0 五…": a lone numeral opening a number whose digits go on after the next stretch.
            var sandwiched = lastNumeral
                ? TailLength(items, numeral: true) < items.Count || moreFollow
                : HeadLength(next, numeral: true) < next.Count || moreFollow;
            var numeralSide = lastNumeral ? TailLength(items, numeral: true) : HeadLength(next, numeral: true);
            // "⑨⑧七 六 五-四 三 ② 一": in a number already mixing both, a lone numeral may close it too.
            var mixed = !lastNumeral && items.Exists(it => it.Numeral);
            if (numeralSide < MinMixedAcrossGap && !sandwiched && !mixed)
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
            ContactCharClass.Homophone => Kind.Homophone,
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
        if (c is '=' or '＝')
        {
            return false;
        }

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
