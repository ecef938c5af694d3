using System.Globalization;
using SentimentWatch.Crawler.Sources;

namespace SentimentWatch.Crawler.Parsing;

/// <summary>
/// Counts the items of one page that could not be read as posts, by reason, and decides whether the page as a whole
/// still stands: it fails only when no item was read or the skipped share exceeds the source's
/// <see cref="SourceOptions.MaxSkippedShare"/>.
/// </summary>
internal sealed class ItemSkips
{
    private readonly Dictionary<string, int> _counts = new(StringComparer.Ordinal);
    private string? _first;

    public int Total { get; private set; }

    /// <param name="reason">Short reason code shown in the run summary ("no id").</param>
    /// <param name="detail">The full problem of the first skipped item, quoted when the page fails.</param>
    public void Add(string reason, string detail)
    {
        _counts[reason] = _counts.GetValueOrDefault(reason) + 1;
        _first ??= detail;
        Total++;
    }

    /// <summary>The page's result: <paramref name="page"/> carrying the counts, or NotParseable when too few items were read.</summary>
    public ParsedPage Apply(SourceOptions source, int read, ParsedPage page)
    {
        if (Total == 0)
        {
            return page;
        }

        var all = read + Total;
        if (read == 0 || (double)Total / all > source.MaxSkippedShare)
        {
            return ParseResults.NotParseable(string.Create(CultureInfo.InvariantCulture,
                $"{Total} of {all} items could not be read ({Describe()}; share allowed {source.MaxSkippedShare:0.##}); first: {_first}"));
        }

        return page with { Skipped = new Dictionary<string, int>(_counts, StringComparer.Ordinal) };
    }

    private string Describe() => string.Join(", ", _counts.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Value} {kv.Key}"));
}
