using System.Text;

namespace SentimentWatch.Classifier.Segmentation;

/// <summary>One parsed user-dictionary line: <c>word [freq] [tag]</c>; a null frequency means "suggest one".</summary>
internal readonly record struct UserDictionaryEntry(string Word, int? Frequency, string? Tag);

/// <summary>
/// Parses a user dictionary the way <c>jieba.load_userdict</c> does: each line is stripped of ASCII whitespace,
/// decoded as UTF-8, stripped of leading BOMs and matched against <c>^(.+?)( [0-9]+)?( [a-z]+)?$</c>, so words may
/// contain spaces and anything that is not a trailing number or lowercase tag stays part of the word.
/// Unlike jieba, which stops at the first bad line, every problem is collected and reported together.
/// </summary>
internal static class UserDictionaryParser
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static List<UserDictionaryEntry> Parse(Stream stream, string name)
    {
        using var ms = new MemoryStream();
        stream.CopyTo(ms);
        var span = ms.GetBuffer().AsSpan(0, (int)ms.Length);
        var entries = new List<UserDictionaryEntry>();
        var errors = new List<DictionaryLineError>();
        var lineNo = 0;
        while (!span.IsEmpty)
        {
            lineNo++;
            var nl = span.IndexOf((byte)'\n');
            var raw = nl < 0 ? span : span[..nl];
            span = nl < 0 ? default : span[(nl + 1)..];
            raw = raw.Trim(" \t\n\r\v\f"u8);
            string line;
            try
            {
                line = StrictUtf8.GetString(raw);
            }
            catch (DecoderFallbackException ex)
            {
                errors.Add(new DictionaryLineError(name, lineNo, $"not valid UTF-8 (byte offset {ex.Index})"));
                continue;
            }

            line = line.TrimStart('\uFEFF');
            if (line.Length == 0)
            {
                continue;
            }

            var (word, freqText, tag) = Match(line);
            int? freq = null;
            if (freqText is not null)
            {
                if (!DictionaryLoader.TryParseFreq(Encoding.ASCII.GetBytes(freqText), out var f))
                {
                    errors.Add(new DictionaryLineError(name, lineNo, $"frequency '{freqText}' is out of range (0..{int.MaxValue})"));
                    continue;
                }

                freq = f;
            }

            entries.Add(new UserDictionaryEntry(word, freq, tag));
        }

        if (errors.Count > 0)
        {
            throw new UserDictionaryException(errors);
        }

        return entries;
    }

    /// <summary>The groups of <c>^(.+?)( [0-9]+)?( [a-z]+)?$</c> on a non-empty line.</summary>
    internal static (string Word, string? Freq, string? Tag) Match(string line)
    {
        // The lazy word takes the shortest prefix after which the rest matches; the longest possible rest is
        // " digits letters" (the last two spaces), then " digits" or " letters" (the last space), then nothing.
        var p2 = line.LastIndexOf(' ');
        if (p2 >= 1)
        {
            var last = line.AsSpan(p2 + 1);
            if (IsLetters(last))
            {
                var p1 = line.LastIndexOf(' ', p2 - 1);
                if (p1 >= 1 && IsDigits(line.AsSpan(p1 + 1, p2 - p1 - 1)))
                {
                    return (line[..p1], line[(p1 + 1)..p2], line[(p2 + 1)..]);
                }

                return (line[..p2], null, line[(p2 + 1)..]);
            }

            if (IsDigits(last))
            {
                return (line[..p2], line[(p2 + 1)..], null);
            }
        }

        return (line, null, null);
    }

    private static bool IsDigits(ReadOnlySpan<char> s) => !s.IsEmpty && !s.ContainsAnyExceptInRange('0', '9');

    private static bool IsLetters(ReadOnlySpan<char> s) => !s.IsEmpty && !s.ContainsAnyExceptInRange('a', 'z');
}
