using System.Collections.Frozen;
using System.Text;

namespace SentimentWatch.Classifier.Normalisation;

/// <summary>One row of <c>models/variants.tsv</c>: a spelling used to dodge filters and its canonical form.</summary>
/// <param name="Kind"><c>homophone</c>, <c>pinyin</c>, <c>lookalike</c>, <c>alias</c>, or <c>term</c> (a watch term with no variant: only used to spot split spellings).</param>
internal sealed record VariantEntry(string Variant, string Canonical, string Kind);

/// <summary>
/// The maintained variant table. Format (UTF-8, tab-separated, <c>#</c> starts a comment line):
/// <c>variant TAB canonical TAB kind</c>. Variants are matched after width folding, lower-casing and
/// traditional→simplified conversion, so write them in that form (lower-case Latin, simplified Chinese).
/// </summary>
internal sealed class VariantTable
{
    private readonly FrozenDictionary<char, VariantEntry[]> _byFirst;

    private VariantTable(IReadOnlyList<VariantEntry> entries)
    {
        Entries = entries;
        _byFirst = entries.Where(e => e.Kind != "term")
            .GroupBy(e => e.Variant[0])
            .ToFrozenDictionary(g => g.Key, g => g.OrderByDescending(e => e.Variant.Length).ToArray());
        WatchTerms = entries.Select(e => e.Canonical).Where(c => c.Length >= 2).ToFrozenSet(StringComparer.Ordinal);
        MaxWatchTermLength = WatchTerms.Count == 0 ? 0 : WatchTerms.Max(t => t.Length);
    }

    public IReadOnlyList<VariantEntry> Entries { get; }

    /// <summary>Canonical forms (and plain watch terms): a separator removed inside one of these is an evasion.</summary>
    public FrozenSet<string> WatchTerms { get; }

    public int MaxWatchTermLength { get; }

    public static VariantTable Empty { get; } = new([]);

    public static VariantTable Load(string file)
    {
        if (!File.Exists(file))
        {
            throw new FileNotFoundException($"Variant table '{file}' is missing", file);
        }

        return Parse(File.ReadLines(file, Encoding.UTF8), file);
    }

    public static VariantTable Parse(IEnumerable<string> lines, string name)
    {
        var entries = new List<VariantEntry>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var n = 0;
        foreach (var raw in lines)
        {
            n++;
            var line = raw.TrimEnd('\r');
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var cols = line.Split('\t');
            if (cols.Length < 3 || cols[0].Length == 0 || cols[1].Length == 0)
            {
                throw new InvalidDataException($"{name}:{n}: expected 'variant<TAB>canonical<TAB>kind', got '{line}'");
            }

            var kind = cols[2].Trim();
            if (kind is not ("homophone" or "pinyin" or "lookalike" or "alias" or "term"))
            {
                throw new InvalidDataException($"{name}:{n}: kind '{kind}' is not one of homophone, pinyin, lookalike, alias, term");
            }

            var variant = cols[0].Trim().ToLowerInvariant();
            if (kind != "term" && !seen.Add(variant))
            {
                throw new InvalidDataException($"{name}:{n}: variant '{variant}' is listed twice");
            }

            entries.Add(new VariantEntry(variant, cols[1].Trim(), kind));
        }

        return new VariantTable(entries);
    }

    /// <summary>The longest variant starting at <paramref name="index"/> of <paramref name="text"/>, honouring word boundaries for Latin letters.</summary>
    public VariantEntry? MatchAt(ReadOnlySpan<char> text, int index)
    {
        if (!_byFirst.TryGetValue(text[index], out var candidates))
        {
            return null;
        }

        foreach (var e in candidates)
        {
            if (!text[index..].StartsWith(e.Variant, StringComparison.Ordinal))
            {
                continue;
            }

            // "vx" must not fire inside "vxworks"; "da案" must not fire inside "panda案". Digits may follow ("vx123456").
            if (IsAsciiLetter(e.Variant[0]) && index > 0 && IsAsciiLetter(text[index - 1]))
            {
                continue;
            }

            var end = index + e.Variant.Length;
            if (IsAsciiLetter(e.Variant[^1]) && end < text.Length && IsAsciiLetter(text[end]))
            {
                continue;
            }

            return e;
        }

        return null;
    }

    private static bool IsAsciiLetter(char c) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z');
}
