using System.Collections.Frozen;
using System.Text;

namespace SentimentWatch.Classifier.Normalisation;

/// <summary>
/// Traditional→simplified conversion from OpenCC's text dictionaries (<c>TSPhrases.txt</c>, <c>TSCharacters.txt</c>:
/// <c>source TAB target[ SPACE alternative…]</c>). Phrases win over single characters (longest match), which is what
/// OpenCC's own t2s configuration does; the first target is taken, as OpenCC does.
/// </summary>
internal sealed class OpenCcTable
{
    private readonly FrozenDictionary<char, char> _chars;
    private readonly FrozenDictionary<char, (string Source, string Target)[]> _phrasesByFirst;

    private OpenCcTable(FrozenDictionary<char, char> chars, FrozenDictionary<char, (string, string)[]> phrasesByFirst)
    {
        _chars = chars;
        _phrasesByFirst = phrasesByFirst;
    }

    public static OpenCcTable Empty { get; } = new(FrozenDictionary<char, char>.Empty, FrozenDictionary<char, (string, string)[]>.Empty);

    public int CharacterCount => _chars.Count;

    /// <summary>Loads the two tables from <paramref name="directory"/>; a missing or malformed file is an error naming it.</summary>
    public static OpenCcTable Load(string directory)
    {
        var chars = new Dictionary<char, char>();
        foreach (var (source, target, file, line) in ReadPairs(Path.Combine(directory, "TSCharacters.txt")))
        {
            // Supplementary-plane entries cannot be a char→char mapping; they are rare and never in exam vocabulary.
            if (source.Length == 1 && target.Length == 1)
            {
                chars[source[0]] = target[0];
            }
            else if (source.Length == 0 || target.Length == 0)
            {
                throw new InvalidDataException($"{file}:{line}: empty source or target");
            }
        }

        var phrases = new Dictionary<char, List<(string, string)>>();
        foreach (var (source, target, _, _) in ReadPairs(Path.Combine(directory, "TSPhrases.txt")))
        {
            if (!phrases.TryGetValue(source[0], out var list))
            {
                phrases[source[0]] = list = [];
            }

            list.Add((source, target));
        }

        return new OpenCcTable(
            chars.ToFrozenDictionary(),
            phrases.ToFrozenDictionary(kv => kv.Key, kv => kv.Value.OrderByDescending(p => p.Item1.Length).ToArray()));
    }

    private static IEnumerable<(string Source, string Target, string File, int Line)> ReadPairs(string file)
    {
        if (!File.Exists(file))
        {
            throw new FileNotFoundException($"OpenCC table '{file}' is missing (it ships in models/opencc)", file);
        }

        var n = 0;
        foreach (var raw in File.ReadLines(file, Encoding.UTF8))
        {
            n++;
            if (raw.Length == 0 || raw[0] == '#')
            {
                continue;
            }

            var tab = raw.IndexOf('\t', StringComparison.Ordinal);
            if (tab <= 0 || tab == raw.Length - 1)
            {
                throw new InvalidDataException($"{file}:{n}: expected 'source<TAB>target', got '{raw}'");
            }

            var target = raw[(tab + 1)..];
            var space = target.IndexOf(' ', StringComparison.Ordinal);
            yield return (raw[..tab], space > 0 ? target[..space] : target, file, n);
        }
    }

    /// <summary>
    /// The simplified form of one character without phrase context (same length, so offsets into the original stay
    /// valid); for scanners that must point back into the text they read.
    /// </summary>
    public char SimplifyChar(char c) => c >= 0x3400 && _chars.TryGetValue(c, out var s) ? s : c;

    /// <summary>Appends the simplified form of <paramref name="text"/> to <paramref name="output"/>.</summary>
    public void Convert(ReadOnlySpan<char> text, StringBuilder output)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c < 0x3400)
            {
                output.Append(c);
                continue;
            }

            if (_phrasesByFirst.TryGetValue(c, out var candidates))
            {
                var matched = false;
                foreach (var (source, target) in candidates)
                {
                    if (text[i..].StartsWith(source, StringComparison.Ordinal))
                    {
                        output.Append(target);
                        i += source.Length - 1;
                        matched = true;
                        break;
                    }
                }

                if (matched)
                {
                    continue;
                }
            }

            output.Append(_chars.TryGetValue(c, out var s) ? s : c);
        }
    }
}
