using System.Text.RegularExpressions;
using SentimentWatch.Classifier.Normalisation;

namespace SentimentWatch.Classifier.Contacts;

/// <summary>
/// Numbers told in parts (docs/classifier.md "Contacts v9 misses"): pieces placed by position words, in any order
/// ("后四位 7788，前面是 1391234"), with asides between them; and digits interleaved one by one with other characters.
/// </summary>
internal sealed partial class ContactExtractor
{
    /// <summary>The most pieces a number told in parts may have ("第一段…第二段…第三段…" has three).</summary>
    private const int MaxSpelledOutPieces = 4;

    /// <summary>The longest piece of a number told in parts ("前七位是 1390012").</summary>
    private const int MaxPieceDigits = 8;

    /// <summary>The longest gap between two pieces, an aside in brackets included.</summary>
    private const int MaxPieceGap = 28;

    /// <summary>How far before the first piece its position word is looked for ("后四位是 …").</summary>
    private const int FirstLabelWindow = 10;

    /// <summary>What may stand between the parts of a number told in parts: punctuation, position words, connectors, an aside in brackets.</summary>
    [GeneratedRegex(@"^(?:[\s\u0001，,。.、:：;；…\-—/|]|(?:[(（【\[][^()（）【】\[\]\n0-9]{0,14}[)）】\]])|前面|前|中间|后面|后边|后|再|最后|然后|接着|剩下|是|为|加上|跟上|加|跟|接|连|的|号码|数字|开头|结尾|末尾|尾数|尾巴|说的是|说|就是|写|则|呢|第[一二三四五1-5](?:段|部分|截|组)|段|部分|截|[一二三四五六七八两0-9]位)+$", RegexOptions.CultureInvariant)]
    private static partial Regex PartGapRegex();

    /// <summary>A word that places a part: without one, two numbers side by side stay two.</summary>
    [GeneratedRegex(@"前|中间|后|最后|然后|接着|再|剩下|开头|结尾|末尾|尾数|第[一二三四五1-5](?:段|部分|截|组)", RegexOptions.CultureInvariant)]
    private static partial Regex PartPositionRegex();

    /// <summary>Where a part goes, read from the words before it; the last word decides.</summary>
    [GeneratedRegex(@"(?<head>前[一二三四五六七八两0-9]位|开头|头[一二三四五六七八两0-9]位)|(?<ord>第(?<n>[一二三四五1-5])(?:段|部分|截|组))|(?<mid>中间)|(?<tail>后[一二三四五六七八两0-9]位|最后|结尾|末尾|尾数|尾巴)|(?<before>前面)|(?<after>后面|后边|然后|接着|再|跟|接)", RegexOptions.CultureInvariant)]
    private static partial Regex PartLabelRegex();

    /// <summary>
    /// A number told in parts across a sentence ("前三位138，中间四位5566，最后四位7788", "开头是138，中间是四个零，结尾是5678",
    /// "后四位 7788，前面是 1391234", "第一段 2876，第二段（别告诉别人）5432，第三段 10", "510000 后面接 682"): consecutive
    /// pieces of 2–<see cref="MaxPieceDigits"/> digits separated only by punctuation, position words and asides in brackets
    /// become one run when together they have the shape of a mobile, landline or hotline, or of a QQ number (6–11 digits;
    /// the cue still decides). The parts are put in the order their position words give (开头/前N位/第一段 first, 中间
    /// next, 后N位/结尾/最后 last, "前面是" before the part just given), else in the order written. The run covers the
    /// original text from the first digit written to the last, connecting words included.
    /// </summary>
    private static void JoinSpelledOut(string folded, List<DigitRun> runs)
    {
        List<(int Rank, string Digits)>? pieces = null;
        for (var i = 0; i + 1 < runs.Count; i++)
        {
            if (runs[i].Digits.Length is < 2 or > MaxPieceDigits || runs[i].Spoken)
            {
                continue;
            }

            // Cheap checks first: most numbers are not followed by another piece after a position word.
            var nextGap = runs[i + 1].Start - runs[i].End;
            if (nextGap > MaxPieceGap || nextGap <= 0 || !PartPositionRegex().IsMatch(folded.AsSpan(runs[i].End, nextGap)))
            {
                continue;
            }

            var labelFrom = Math.Max(i > 0 ? runs[i - 1].End : 0, runs[i].Start - FirstLabelWindow);
            var (rank, _) = PartRank(folded.AsSpan(labelFrom, runs[i].Start - labelFrom), 0, first: true);
            pieces ??= new List<(int Rank, string Digits)>(MaxSpelledOutPieces);
            pieces.Clear();
            pieces.Add((rank, runs[i].Digits));
            var total = runs[i].Digits.Length;
            var last = i;
            for (var k = i + 1; k < runs.Count && k - i < MaxSpelledOutPieces; k++)
            {
                var gapLength = runs[k].Start - runs[k - 1].End;
                if (runs[k].Digits.Length is < 1 or > MaxPieceDigits || runs[k].Spoken || total + runs[k].Digits.Length > 12 || gapLength > MaxPieceGap)
                {
                    break;
                }

                var gap = folded.AsSpan(runs[k - 1].End, gapLength);
                if (!PartGapRegex().IsMatch(gap) || !PartPositionRegex().IsMatch(gap))
                {
                    break;
                }

                (rank, var placed) = PartRank(gap, rank, first: false);
                // A one-digit part only where a word places it ("第三段是6"), never after "然后" alone (a count).
                if (runs[k].Digits.Length == 1 && !placed)
                {
                    break;
                }

                pieces.Add((rank, runs[k].Digits));
                total += runs[k].Digits.Length;
                last = k;
            }

            if (last == i)
            {
                continue;
            }

            var digits = string.Concat(pieces.OrderBy(p => p.Rank).Select(p => p.Digits));
            if (ContactShapes.IsMobile(digits) || ContactShapes.IsLandline(digits) || ContactShapes.IsHotline(digits)
                || (digits.Length is >= 6 and <= 11 && digits[0] != '0'))
            {
                runs[i] = new DigitRun(runs[i].Start, runs[last].End, digits);
                runs.RemoveRange(i + 1, last - i);
            }
        }
    }

    /// <summary>
    /// The place of a part from the words before it: head 0, the n-th segment 10·n, middle 50, tail 100; "前面是" just
    /// before the previous part, "后面/然后" (or no word) just after it.
    /// </summary>
    private static (int Rank, bool Placed) PartRank(ReadOnlySpan<char> words, int previous, bool first)
    {
        Match? label = null;
        foreach (Match m in PartLabelRegex().Matches(words.ToString()))
        {
            label = m;
        }

        return label switch
        {
            null => (previous + 1, false),
            _ when label.Groups["head"].Success => (0, true),
            _ when label.Groups["ord"].Success => (10 * (Digit(label.Groups["n"].Value[0]) - '0'), true),
            _ when label.Groups["mid"].Success => (50, true),
            _ when label.Groups["tail"].Success => (100, true),
            _ when label.Groups["before"].Success => (first ? 0 : previous - 5, true),
            _ => (previous + 1, false),
        };
    }

    private static char Digit(char c) => c switch
    {
        '一' => '1',
        '二' => '2',
        '三' => '3',
        '四' => '4',
        '五' => '5',
        _ => c,
    };

    /// <summary>How many digits interleaved with other characters make a number (as long as a contact).</summary>
    private const int MinInterleavedDigits = 7;

    /// <summary>
    /// Digits interleaved one by one with Chinese characters ("1吃3饭8睡0觉0起…"): at least
    /// <see cref="MinInterleavedDigits"/> single digits, each one or two Chinese characters from the next, are one number.
    /// Like a number in sound-alike characters it counts only where a cue says so, unless it has the shape of a mobile.
    /// </summary>
    private static void JoinInterleaved(string text, List<DigitRun> runs)
    {
        for (var i = 0; i + MinInterleavedDigits <= runs.Count; i++)
        {
            var k = i;
            while (k + 1 < runs.Count && k - i < DigitRuns.MaxJoinedDigits && runs[k].Digits.Length == 1 && runs[k + 1].Digits.Length == 1
                && runs[k + 1].Start - runs[k].End is 1 or 2 && AllCjk(text.AsSpan(runs[k].End, runs[k + 1].Start - runs[k].End)))
            {
                k++;
            }

            if (k - i + 1 < MinInterleavedDigits)
            {
                continue;
            }

            var digits = string.Concat(runs.Skip(i).Take(k - i + 1).Select(r => r.Digits));
            runs[i] = new DigitRun(runs[i].Start, runs[k].End, digits, Spoken: !ContactShapes.IsMobile(digits));
            runs.RemoveRange(i + 1, k - i);
        }
    }

    private static bool AllCjk(ReadOnlySpan<char> gap)
    {
        foreach (var c in gap)
        {
            if (!TextNormaliser.IsCjk(c))
            {
                return false;
            }
        }

        return true;
    }
}
